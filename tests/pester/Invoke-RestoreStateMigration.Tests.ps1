BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters $Moto
    $script:Cmdlet = 'AuroraRestore.Cmdlets.InvokeRestoreStateMigrationCommand'

    function Invoke-Cli {
        # The AWS CLI against moto, its JSON parsed without turning ISO strings into dates (items must compare exactly).
        param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        Invoke-AwsCli -Server $Moto -AsHashtable -Arguments $Arguments
    }

    function New-PipelineTables {
        param([Parameter(Mandatory)] [string] $Environment)
        $null = Invoke-Cli dynamodb create-table --table-name "AuroraRestoreState-$Environment" --billing-mode PAY_PER_REQUEST `
            --attribute-definitions 'AttributeName=operation_id,AttributeType=S' --key-schema 'AttributeName=operation_id,KeyType=HASH'
        $null = Invoke-Cli dynamodb create-table --table-name "AuroraRestoreAudit-$Environment" --billing-mode PAY_PER_REQUEST `
            --attribute-definitions 'AttributeName=operation_id,AttributeType=S' 'AttributeName=timestamp,AttributeType=S' `
            --key-schema 'AttributeName=operation_id,KeyType=HASH' 'AttributeName=timestamp,KeyType=RANGE'
    }

    function Write-CliItems {
        # Seeds through `aws dynamodb batch-write-item`, 25 items per call.
        param([Parameter(Mandatory)] [string] $Table, [Parameter(Mandatory)] [object[]] $Items)
        for ($i = 0; $i -lt $Items.Count; $i += 25) {
            $requests = @($Items[$i..([Math]::Min($i + 24, $Items.Count - 1))] | ForEach-Object { @{ PutRequest = @{ Item = $_ } } })
            $file = Join-Path $TestDrive "batch-$Table-$i.json"
            @{ $Table = $requests } | ConvertTo-Json -Depth 30 -Compress | Set-Content -Path $file -Encoding utf8NoBOM
            $answer = Invoke-Cli dynamodb batch-write-item --request-items "file://$file"
            if ($answer.UnprocessedItems.Count -gt 0) { throw 'moto left items unprocessed' }
        }
    }

    function Get-CliItems {
        param([Parameter(Mandatory)] [string] $Table)
        @((Invoke-Cli dynamodb scan --table-name $Table).Items)
    }

    function ConvertTo-CanonicalJson {
        # One string per DynamoDB JSON value: map keys in ordinal order, set members sorted, so equal items give equal strings.
        param($Node, [string] $Type)
        if ($Node -is [System.Collections.IDictionary]) {
            [string[]] $keys = @($Node.Keys)
            [Array]::Sort($keys, [StringComparer]::Ordinal)
            return '{' + (($keys | ForEach-Object { ($_ | ConvertTo-Json) + ':' + (ConvertTo-CanonicalJson $Node[$_] $_) }) -join ',') + '}'
        }
        if ($Node -is [System.Collections.IList]) {
            $members = @($Node | ForEach-Object { ConvertTo-CanonicalJson $_ })
            if ($Type -in 'SS', 'NS', 'BS') { [Array]::Sort([string[]] $members, [StringComparer]::Ordinal) }
            return '[' + ($members -join ',') + ']'
        }
        return ($Node | ConvertTo-Json -Compress)
    }

    function Get-CanonicalTable {
        # The whole table as one string: its items' canonical JSON, one per line, in ordinal order.
        param([Parameter(Mandatory)] [string] $Table)
        $lines = [string[]] @(Get-CliItems $Table | ForEach-Object { ConvertTo-CanonicalJson $_ })
        [Array]::Sort($lines, [StringComparer]::Ordinal)
        $lines -join "`n"
    }

    function New-StateItem {
        # A 1.0 state item with the shapes the real pipeline writes, unicode and numbers at DynamoDB's limits included.
        param([int] $Index)
        $status = @('pending', 'in_progress', 'completed', 'failed', 'stopped')[$Index % 5]
        $item = [ordered]@{
            operation_id = @{ S = 'op-{0:x12}' -f (4096 + $Index) }
            status       = @{ S = $status }
            completed    = @{ BOOL = $status -in 'completed', 'failed', 'stopped' }
            timestamp    = @{ S = '2026-11-{0:d2}T16:27:59.{1:d3}Z' -f (1 + $Index % 28), $Index }
        }
        if ($Index % 7 -ne 0) {
            $item.state = @{ M = [ordered]@{
                    step              = @{ S = 'restore-snapshot' }
                    source_cluster_id = @{ S = "src-$Index" }
                    cluster_port      = @{ N = @('5432', '9.9999999999999999999999999999999999999E+125', '-1E-130', '12345678901234567890123456789012345678')[$Index % 4] }
                    requested_by      = @{ S = @('ana', 'Zoë 🚀', 'مرحبا')[$Index % 3] }
                    tags              = @{ L = @(@{ S = 'a' }, @{ N = '1' }, @{ M = @{ nested = @{ BOOL = $false } } }) }
                    zones             = @{ SS = @('eu-west-1a', 'eu-west-1b') }
                } }
        }
        if ($status -eq 'failed') { $item.error = @{ S = "KMS key not found (attempt $Index) — ünïcödé" } }
        $item
    }

    function New-AuditItem {
        param([int] $Index)
        [ordered]@{
            operation_id = @{ S = 'op-{0:x12}' -f (4096 + ($Index % 10)) }
            timestamp    = @{ S = '2026-11-25T16:27:{0:d2}.{1:d3}Z' -f ($Index % 60), $Index }
            step         = @{ S = @('operation', 'snapshot-check', 'copy-snapshot')[$Index % 3] }
            status       = @{ S = @('started', 'succeeded', 'failed')[$Index % 3] }
            details      = @{ M = @{ error = @{ S = "boom $Index" }; attempt = @{ N = "$Index" } } }
        }
    }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Invoke-RestoreStateMigration' -Tag Integration {
    Context 'when a table seeded through the AWS CLI goes from 1.0.0 to 3.0.0 and back' {
        BeforeAll {
            New-PipelineTables -Environment 'roundtrip'
            Write-CliItems -Table 'AuroraRestoreState-roundtrip' -Items @(0..39 | ForEach-Object { New-StateItem $_ })
            Write-CliItems -Table 'AuroraRestoreAudit-roundtrip' -Items @(0..29 | ForEach-Object { New-AuditItem $_ })
            $script:OriginalState = Get-CanonicalTable 'AuroraRestoreState-roundtrip'
            $script:OriginalAudit = Get-CanonicalTable 'AuroraRestoreAudit-roundtrip'
            $script:Up = @(Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Environment roundtrip @Aws)
            $script:V3State = @(Get-CliItems 'AuroraRestoreState-roundtrip')
            $script:V3Audit = @(Get-CliItems 'AuroraRestoreAudit-roundtrip')
            $script:Again = @(Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Environment roundtrip @Aws)
            $script:Down = @(Invoke-RestoreStateMigration -From 3.0.0 -To 1.0.0 -Environment roundtrip @Aws)
        }

        It 'emits one MigrationResult per table' {
            $Up.Count | Should -Be 2
            $Up[0] | Should -BeOfType 'AuroraRestore.Migrations.MigrationResult'
            $Up.TableName | Should -Be @('AuroraRestoreState-roundtrip', 'AuroraRestoreAudit-roundtrip')
            $Up[0].ItemsChanged | Should -Be 40
            $Up[1].ItemsChanged | Should -Be 30
            $Up.ItemsFailed | Should -Be @(0, 0)
        }

        It 'leaves every item in the v3 format and none missing, as the AWS CLI sees it' {
            $V3State.Count | Should -Be 40
            $V3Audit.Count | Should -Be 30
            $V3State | ForEach-Object { $_.format_version.N | Should -Be '3' }
            $V3State | ForEach-Object { $_.pipeline_version.S | Should -Be '2.0.0' }
            $V3State | ForEach-Object { $_.Contains('step_history') | Should -BeTrue }
            $V3Audit | ForEach-Object { $_.format_version.N | Should -Be '3' }
            ($V3State.operation_id.S | Sort-Object) | Should -Be ($OriginalState -split "`n" | ForEach-Object { ($_ | ConvertFrom-Json -AsHashtable).operation_id.S } | Sort-Object)
        }

        It 'changes nothing when run a second time' {
            $Again.ItemsChanged | Should -Be @(0, 0)
            $Again.ItemsSkipped | Should -Be @(40, 30)
            $Again[0].ChecksumAfter | Should -Be $Again[0].ChecksumBefore
        }

        It 'gives back the original items exactly when taken down to 1.0.0' {
            Get-CanonicalTable 'AuroraRestoreState-roundtrip' | Should -Be $OriginalState
            Get-CanonicalTable 'AuroraRestoreAudit-roundtrip' | Should -Be $OriginalAudit
            $Down[0].ChecksumAfter | Should -Be $Up[0].ChecksumBefore
            $Down[1].ChecksumAfter | Should -Be $Up[1].ChecksumBefore
        }

        It 'removes its checkpoints once complete' {
            $Down.Completed | Should -Be @($true, $true)
            @(Get-CliItems 'AuroraRestoreControl-roundtrip').Count | Should -Be 0
        }
    }

    Context 'when the input is bad' {
        BeforeAll {
            New-PipelineTables -Environment 'bad'
            Write-CliItems -Table 'AuroraRestoreState-bad' -Items @(0..4 | ForEach-Object { New-StateItem $_ })
            $script:BadBefore = Get-CanonicalTable 'AuroraRestoreState-bad'
        }

        It 'refuses <Case> with <ErrorId> and changes nothing' -ForEach @(
            @{ Case = 'an unknown edge'; ErrorId = 'UnknownMigrationEdge'; Arguments = @{ From = '1.0.0'; To = '4.0.0'; Environment = 'bad' } }
            @{ Case = 'a version to itself'; ErrorId = 'UnknownMigrationEdge'; Arguments = @{ From = '2.0.0'; To = '2.0.x'; Environment = 'bad' } }
            @{ Case = 'a missing table'; ErrorId = 'MigrationTableNotFound'; Arguments = @{ From = '1.0.0'; To = '2.0.0'; Environment = 'nothing' } }
            @{ Case = 'a segment without a total'; ErrorId = 'InvalidMigrationSegment'; Arguments = @{ From = '1.0.0'; To = '2.0.0'; Environment = 'bad'; Segment = 1 } }
            @{ Case = 'a segment past the total'; ErrorId = 'InvalidMigrationSegment'; Arguments = @{ From = '1.0.0'; To = '2.0.0'; Environment = 'bad'; Segment = 2; TotalSegments = 2 } }
            @{ Case = 'a zero write rate'; ErrorId = 'InvalidMaxWriteRate'; Arguments = @{ From = '1.0.0'; To = '2.0.0'; Environment = 'bad'; MaxWriteRate = 0 } }
        ) {
            { Invoke-RestoreStateMigration @Arguments @Aws } | Should -Throw -ErrorId "$ErrorId,$Cmdlet"
            Get-CanonicalTable 'AuroraRestoreState-bad' | Should -Be $BadBefore
            (Invoke-Cli dynamodb list-tables).TableNames | Should -Not -Contain 'AuroraRestoreControl-bad'
        }

        It 'reports an item of a format the edge does not expect and leaves it as it was' {
            $stranger = [ordered]@{ operation_id = @{ S = 'op-stranger' }; format_version = @{ N = '3' }; timestamp = @{ S = '2026-11-25T00:00:00.000Z' } }
            Write-CliItems -Table 'AuroraRestoreState-bad' -Items @($stranger)
            $result = Invoke-RestoreStateMigration -From 1.0.0 -To 2.0.0 -Table State -Environment bad @Aws -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "UnexpectedItemFormat,$Cmdlet"
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
            $failures[0].TargetObject.Key | Should -Be 'operation_id=op-stranger'
            $result.ItemsFailed | Should -Be 1
            $result.ItemsChanged | Should -Be 5
            $stored = Get-CliItems 'AuroraRestoreState-bad' | Where-Object { $_.operation_id.S -eq 'op-stranger' }
            (ConvertTo-CanonicalJson $stored) | Should -Be (ConvertTo-CanonicalJson ($stranger | ConvertTo-Json -Depth 10 | ConvertFrom-Json -AsHashtable -DateKind String))
        }
    }

    Context 'when run with -WhatIf or -DryRun' {
        BeforeAll {
            New-PipelineTables -Environment 'dry'
            Write-CliItems -Table 'AuroraRestoreState-dry' -Items @(0..9 | ForEach-Object { New-StateItem $_ })
            $script:DryBefore = Get-CanonicalTable 'AuroraRestoreState-dry'
        }

        It 'counts and samples what <Switch> would change, and writes nothing' -ForEach @(
            @{ Switch = '-WhatIf'; Parameters = @{ WhatIf = $true } }
            @{ Switch = '-DryRun'; Parameters = @{ DryRun = $true } }
        ) {
            $result = Invoke-RestoreStateMigration -From 1.0.0 -To 2.0.0 -Table State -Environment dry @Parameters @Aws
            $result.DryRun | Should -BeTrue
            $result.ItemsRead | Should -Be 10
            $result.ItemsChanged | Should -Be 10
            $result.Samples.Count | Should -BeGreaterThan 0
            ($result.Samples[0].After | ConvertFrom-Json -AsHashtable).format_version.N | Should -Be '2'
            Get-CanonicalTable 'AuroraRestoreState-dry' | Should -Be $DryBefore
            (Invoke-Cli dynamodb list-tables).TableNames | Should -Not -Contain 'AuroraRestoreControl-dry'
        }
    }

    Context 'when the runner is killed mid-way' {
        BeforeAll {
            # Two identical tables: one migrated by a process that is killed with SIGKILL and then run again, one uninterrupted.
            foreach ($environment in 'killed', 'whole') {
                New-PipelineTables -Environment $environment
                # Seeded through boto3: the module's AWS SDK lives in its own load context, out of the session's reach.
                $null = Invoke-Boto3 -Server $Moto -Script @"
ddb = client('dynamodb')
blob = 'x' * 1500
for i in range(0, 1200, 25):
    writes = [{'PutRequest': {'Item': {'operation_id': {'S': 'op-%012x' % n}, 'status': {'S': 'completed'}, 'completed': {'BOOL': True}, 'timestamp': {'S': '2026-11-25T16:27:59.123Z'}, 'blob': {'S': '%d %s' % (n, blob)}}}} for n in range(i, i + 25)]
    ddb.batch_write_item(RequestItems={'AuroraRestoreState-$environment': writes})
emit(True)
"@
            }

            # The runner: a separate pwsh process (the same pwsh.dll as this one) that SIGKILLs itself right after its first
            # checkpoint is saved (the test hook AURORARESTORE_TEST_KILL_AFTER_CHECKPOINTS): with 8 segments, four of
            # them run at first and the rest have not started, so the kill always lands mid-way, whatever the machine's load.
            $runner = @'
param($ModulePath, $Endpoint)
Import-Module $ModulePath
$secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment killed -TotalSegments 8 -MaxWriteRate 150 `
    -EndpointUrl $Endpoint -Region us-east-1 -Credential ([pscredential]::new('testing', $secret))
'@
            $killed = Invoke-ChildSession -Script $runner -Parameters @{ ModulePath = $env:AURORARESTORE_MODULE_PATH; Endpoint = $Moto.Endpoint } `
                -Environment @{ AURORARESTORE_TEST_KILL_AFTER_CHECKPOINTS = '1' }
            $script:RunnerOutput = $killed.Output + $killed.Error
            $script:KilledExitCode = $killed.ExitCode
            $script:CheckpointsAfterKill = @(Get-CliItems 'AuroraRestoreControl-killed')
            $script:MigratedAtKill = @(Get-CliItems 'AuroraRestoreState-killed' | Where-Object { $_.Contains('format_version') }).Count

            $script:Resumed = Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment killed @Aws
            $script:Whole = Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment whole @Aws
        }

        It 'was killed while it was still migrating, after writing checkpoints' {
            $KilledExitCode | Should -Be 137 -Because $RunnerOutput
            $CheckpointsAfterKill.Count | Should -BeGreaterThan 0
            $MigratedAtKill | Should -BeGreaterThan 0
            $MigratedAtKill | Should -BeLessThan 1200
        }

        It 'resumes from the checkpoints instead of starting over' {
            $Resumed.TotalSegments | Should -Be 8
            ($Resumed.SegmentsResumed + $Resumed.SegmentsAlreadyDone) | Should -BeGreaterThan 0
            $Resumed.ItemsRead | Should -BeLessThan 1200
            $Resumed.ItemsFailed | Should -Be 0
            $Resumed.Completed | Should -BeTrue
        }

        It 'ends with the same table as an uninterrupted run' {
            $killed = Get-CanonicalTable 'AuroraRestoreState-killed'
            ($killed -split "`n").Count | Should -Be 1200
            $killed | Should -Be (Get-CanonicalTable 'AuroraRestoreState-whole')
            @(Get-CliItems 'AuroraRestoreControl-killed').Count | Should -Be 0
        }
    }

    Context 'when its parameters are inspected' -Tag Unit {
        It 'declares its output type and supports -WhatIf' {
            $command = Get-Command Invoke-RestoreStateMigration
            $command.OutputType.Type | Should -Contain ([AuroraRestore.Migrations.MigrationResult])
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
            foreach ($name in 'From', 'To', 'Table', 'DryRun', 'Segment', 'TotalSegments', 'MaxWriteRate', 'Environment') {
                $command.Parameters.Keys | Should -Contain $name
            }
        }

        It 'has a default table view for its results' {
            (Get-FormatData -TypeName 'AuroraRestore.Migrations.MigrationResult').FormatViewDefinition.Control |
                Should -BeOfType 'System.Management.Automation.TableControl'
        }
    }
}
