# Reliability with real processes (docs/reliability.md): two upgrades started together on one environment, and a
# migration SIGKILLed at random points (delays drawn from a seed) then run again to the end. Effects are read through
# boto3, never through the module. Upgrades killed at each step boundary: Invoke-RestoreUpgrade.Tests.ps1.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:PwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location

    function Start-Child([string] $Script, [string[]] $Arguments) {
        # A separate `dotnet pwsh` (the same pwsh.dll as this one) running $Script with $Arguments; killed with SIGKILL.
        $file = Join-Path $TestDrive ('child-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content $file $Script
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($argument in @($PwshDll, '-NoProfile', '-NonInteractive', '-File', $file) + $Arguments) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['NO_COLOR'] = '1'
        $process = [System.Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
    }

    function Wait-ForFile([string] $Path, [int] $Seconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (Test-Path $Path)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "$Path did not appear within $Seconds s" }
            Start-Sleep -Milliseconds 20
        }
    }

    function Get-TableDigest([string] $Table) {
        # The table's items, canonical and sorted, hashed: equal digests mean equal tables.
        Invoke-Boto3 -Server $Moto -Script @"
import hashlib
ddb, items, start = client('dynamodb'), [], None
while True:
    page = ddb.scan(TableName='$Table', ConsistentRead=True, **({'ExclusiveStartKey': start} if start else {}))
    items += page['Items']
    start = page.get('LastEvaluatedKey')
    if not start: break
emit({'count': len(items), 'sha256': hashlib.sha256('\n'.join(sorted(json.dumps(i, sort_keys=True) for i in items)).encode()).hexdigest(), 'v3': sum(1 for i in items if i.get('format_version', {}).get('N') == '3')})
"@
    }

    # The migration runner as a child: writes its pid once the module is loaded, then migrates at a paced rate.
    $script:MigrationRunner = @'
param($ModulePath, $Endpoint, $Environment, $PidFile)
Import-Module $ModulePath
$PID | Set-Content $PidFile
$secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment $Environment -TotalSegments 4 -MaxWriteRate 400 `
    -EndpointUrl $Endpoint -Region us-east-1 -Credential ([pscredential]::new('testing', $secret)) | Out-Null
'@

    function New-MigrationTables([string[]] $Environments, [int] $Items) {
        $names = ($Environments | ForEach-Object { "'$_'" }) -join ','
        Invoke-Boto3 -Server $Moto -Script @"
ddb = client('dynamodb')
for env in [$names]:
    ddb.create_table(TableName='AuroraRestoreState-' + env, BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[{'AttributeName': 'operation_id', 'AttributeType': 'S'}], KeySchema=[{'AttributeName': 'operation_id', 'KeyType': 'HASH'}])
    ddb.create_table(TableName='AuroraRestoreAudit-' + env, BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[{'AttributeName': 'operation_id', 'AttributeType': 'S'}, {'AttributeName': 'timestamp', 'AttributeType': 'S'}], KeySchema=[{'AttributeName': 'operation_id', 'KeyType': 'HASH'}, {'AttributeName': 'timestamp', 'KeyType': 'RANGE'}])
    for i in range(0, $Items, 25):
        writes = [{'PutRequest': {'Item': {'operation_id': {'S': 'op-%012x' % n}, 'status': {'S': ['completed', 'failed', 'in_progress'][n % 3]}, 'completed': {'BOOL': n % 3 != 2}, 'timestamp': {'S': '2026-11-25T16:27:59.%03dZ' % (n % 1000)}, 'state': {'M': {'step': {'S': 'restore-snapshot'}, 'n': {'N': str(n)}}}}}} for n in range(i, min(i + 25, $Items))]
        ddb.batch_write_item(RequestItems={'AuroraRestoreState-' + env: writes})
emit(True)
"@ | Out-Null
    }

    function Invoke-RandomKills([string] $Environment, [int] $Seed, [int] $Kills) {
        # Each round: start the runner, let it work for a delay drawn from the seed, SIGKILL it. Returns what happened.
        $random = [Random]::new($Seed)
        $rounds = @()
        for ($round = 1; $round -le $Kills; $round++) {
            $pidFile = Join-Path $TestDrive "$Environment-$round.pid"
            $child = Start-Child $MigrationRunner @($env:AURORARESTORE_MODULE_PATH, $Moto.Endpoint, $Environment, $pidFile)
            Wait-ForFile $pidFile
            $delay = 300 + $random.Next(1700)
            $deadline = [DateTime]::UtcNow.AddMilliseconds($delay)
            while ([DateTime]::UtcNow -lt $deadline -and -not $child.Process.HasExited) { Start-Sleep -Milliseconds 20 }
            $exitedBefore = $child.Process.HasExited
            if (-not $exitedBefore) { & kill -9 ([int](Get-Content $pidFile)) }
            $null = $child.Process.WaitForExit(30000)
            $rounds += [pscustomobject]@{ Round = $round; DelayMs = $delay; Killed = -not $exitedBefore; ExitCode = $child.Process.ExitCode; Migrated = (Get-TableDigest "AuroraRestoreState-$Environment").v3 }
        }
        $rounds
    }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Two upgrades started together' -Tag Integration {
    It 'lets exactly one proceed; the other is refused with UpgradeInProgress and the environment ends upgraded once' {
        $config = Join-Path $TestDrive 'pair.json'
        @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'pair-src'; target_cluster_id = 'pair-dst'; setup_db_users = $false } | ConvertTo-Json | Set-Content $config
        Install-RestorePipeline -Version 1.0.0 -Environment pair -ConfigPath $config @Aws -Confirm:$false | Out-Null
        $go = Join-Path $TestDrive 'pair.go'
        $upgrade = @'
param($ModulePath, $Endpoint, $Ready, $Go, $Result, $Backups)
Import-Module $ModulePath
Set-Content $Ready 'ready'
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 5 }
$secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
try {
    $r = Invoke-RestoreUpgrade -Environment pair -TargetVersion 2.0.0 -BackupPath $Backups -EndpointUrl $Endpoint -Region us-east-1 -Credential ([pscredential]::new('testing', $secret)) -Confirm:$false -ErrorAction Stop | Select-Object -Last 1
    Set-Content $Result ('Status:' + $r.Status + ':' + $r.RunId)
} catch {
    Set-Content $Result ('Error:' + $_.FullyQualifiedErrorId + ':' + $_.CategoryInfo.Category)
}
'@
        $children = foreach ($n in 1, 2) {
            $ready = Join-Path $TestDrive "pair-$n.ready"
            $result = Join-Path $TestDrive "pair-$n.result"
            [pscustomobject]@{ Ready = $ready; Result = $result; Child = (Start-Child $upgrade @($env:AURORARESTORE_MODULE_PATH, $Moto.Endpoint, $ready, $go, $result, (Join-Path $TestDrive 'pair-backups'))) }
        }
        foreach ($c in $children) { Wait-ForFile $c.Ready }
        Set-Content $go 'go'
        foreach ($c in $children) { $c.Child.Process.WaitForExit(300000) | Should -BeTrue }

        $results = @($children | ForEach-Object { if (Test-Path $_.Result) { (Get-Content $_.Result).Trim() } else { 'none: ' + $_.Child.Output.Result + $_.Child.Errors.Result } })
        @($results | Where-Object { $_ -like 'Status:Completed:*' }).Count | Should -Be 1 -Because ($results -join ' | ')
        @($results | Where-Object { $_ -eq 'Error:UpgradeInProgress,AuroraRestore.Cmdlets.InvokeRestoreUpgradeCommand:ResourceBusy' }).Count | Should -Be 1 -Because ($results -join ' | ')

        # One run recorded, completed, lock released; both stacks at 2.0.0.
        $world = Invoke-Boto3 -Server $Moto -Script @"
ddb, cfn = client('dynamodb'), client('cloudformation')
items = ddb.scan(TableName='AuroraRestoreControl-pair', ConsistentRead=True)['Items']
emit({'runs': sorted(set(i['pk']['S'] for i in items if i['pk']['S'].startswith('journal#'))), 'current': [i['status']['S'] for i in items if i['pk']['S'] == 'upgrade' and i['sk']['S'] == 'current'], 'locks': [i for i in items if i['pk']['S'] == 'lock'],
      'versions': sorted(t['Value'] for s in ('aurora-restore-pipeline-pair', 'aurora-restore-pipeline-pair-iam') for t in cfn.describe_stacks(StackName=s)['Stacks'][0]['Tags'] if t['Key'] == 'aurora-restore:version')})
"@
        @($world.runs).Count | Should -Be 1
        $world.runs[0] | Should -Be ('journal#' + ($results | Where-Object { $_ -like 'Status:Completed:*' }).Split(':')[2])
        $world.current | Should -Be 'completed'
        @($world.locks).Count | Should -Be 0
        $world.versions | Should -Be @('2.0.0', '2.0.0')
    }
}

Describe 'Commands through the fault proxy' -Tag Integration {
    It 'backs up at 15% faults, losing nothing, and reports its retries' {
        # The proxy (tests/support/FaultProxy.cs) compiled into this session; the module reaches moto only through it.
        if (-not ('AuroraRestore.Tests.Support.FaultProxy' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot '../support/FaultProxy.cs') }
        $options = [AuroraRestore.Tests.Support.FaultProxyOptions]::new()
        $options.Rate = 0.15
        $options.Seed = 4711
        $options.SlowDelay = [TimeSpan]::FromMilliseconds(150)
        $proxy = [AuroraRestore.Tests.Support.FaultProxy]::new($Moto.Endpoint, $options)
        try {
            $faulty = $Aws.Clone()
            $faulty.EndpointUrl = $proxy.Endpoint
            $config = Join-Path $TestDrive 'px.json'
            @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'px-src'; target_cluster_id = 'px-dst' } | ConvertTo-Json | Set-Content $config
            # Installed directly (xunit installs at 15% faults: FaultToleranceTests); the backup goes through the proxy.
            Install-RestorePipeline -Version 2.0.0 -Environment px -ConfigPath $config @Aws -Confirm:$false | Out-Null
            $null = Invoke-Boto3 -Server $Moto -Script @"
ddb = client('dynamodb')
for i in range(40):
    ddb.put_item(TableName='AuroraRestoreState-px', Item={'operation_id': {'S': 'op-%012x' % i}, 'status': {'S': 'completed'}, 'updated_at': {'S': '2026-11-01T00:00:00Z'}, 'completed': {'BOOL': True}})
emit(True)
"@
            $backup = Backup-RestoreState -Environment px -Name px-set -Path (Join-Path $TestDrive 'px-sets') @faulty -Confirm:$false -Verbose 4>&1
        } finally {
            $proxy.Dispose()
        }

        $set = $backup | Where-Object { $_ -is [AuroraRestore.Backups.RestoreStateBackup] }
        $state = Get-TableDigest 'AuroraRestoreState-px'
        ($set.Tables | Where-Object TableName -eq 'AuroraRestoreState-px').ItemCount | Should -Be 40
        $state.count | Should -Be 40
        (Invoke-Boto3 -Server $Moto -Script "emit([t['Tags'] for t in [client('cloudformation').describe_stacks(StackName='aurora-restore-pipeline-px')['Stacks'][0]]][0])" | Where-Object Key -eq 'aurora-restore:version').Value | Should -Be '2.0.0'
        $proxy.Faults.Count | Should -BeGreaterThan 0 -Because $proxy.Summary()
        $reported = @($backup) | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^AWS: (\d+) request\(s\) retried' } | ForEach-Object { [int]$Matches[1] }
        ($reported | Measure-Object -Sum).Sum | Should -BeGreaterOrEqual ($proxy.Count('Throttle') + $proxy.Count('ServerError')) -Because $proxy.Summary()
        ($reported | Measure-Object -Sum).Sum | Should -BeLessOrEqual $proxy.RetryingFaults -Because $proxy.Summary()
    }
}

Describe 'A migration killed at random points' -Tag Integration {
    It 'ends, when run again, identical to an uninterrupted migration (seed <Seed>, <Kills> kills)' -ForEach @(
        @{ Seed = 1207; Kills = 2 }
    ) {
        $killed = "rk$Seed"; $whole = "rw$Seed"
        New-MigrationTables @($killed, $whole) 1000
        $rounds = Invoke-RandomKills $killed $Seed $Kills
        $resumed = Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment $killed @Aws
        Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment $whole @Aws | Out-Null

        @($rounds | Where-Object Killed).Count | Should -BeGreaterThan 0 -Because ($rounds | Out-String)
        ($rounds | Where-Object Killed).ExitCode | Sort-Object -Unique | Should -Be 137
        $resumed.Completed | Should -BeTrue
        $resumed.ItemsFailed | Should -Be 0
        $after = Get-TableDigest "AuroraRestoreState-$killed"
        $after.count | Should -Be 1000
        $after.v3 | Should -Be 1000
        $after.sha256 | Should -Be (Get-TableDigest "AuroraRestoreState-$whole").sha256
        (Invoke-Boto3 -Server $Moto -Script "emit(client('dynamodb').scan(TableName='AuroraRestoreControl-$killed')['Count'])") | Should -Be 0
    }
}

Describe 'A migration killed at many random points' -Tag Integration, Soak {
    It 'ends identical to an uninterrupted migration (seed <Seed>, <Kills> kills)' -ForEach @(
        @{ Seed = 31; Kills = 8 }
        @{ Seed = 977; Kills = 8 }
    ) {
        $killed = "sk$Seed"; $whole = "sw$Seed"
        New-MigrationTables @($killed, $whole) 6000
        $rounds = Invoke-RandomKills $killed $Seed $Kills
        Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment $killed @Aws | Out-Null
        Invoke-RestoreStateMigration -From 1.0.0 -To 3.0.0 -Table State -Environment $whole @Aws | Out-Null
        @($rounds | Where-Object Killed).Count | Should -BeGreaterThan 0
        (Get-TableDigest "AuroraRestoreState-$killed").sha256 | Should -Be (Get-TableDigest "AuroraRestoreState-$whole").sha256
    }
}

Describe 'A rollback killed at every step boundary' -Tag Integration, Soak {
    BeforeAll {
        function Install-Upgraded([string] $Name) {
            # 1.0.0 with ended operations, upgraded to 3.0.0: what the rollback undoes.
            $config = Join-Path $TestDrive "$Name.json"
            @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'rb-src'; target_cluster_id = 'rb-dst'; setup_db_users = $false } | ConvertTo-Json | Set-Content $config
            Install-RestorePipeline -Version 1.0.0 -Environment $Name -ConfigPath $config @Aws -Confirm:$false | Out-Null
            Invoke-Boto3 -Server $Moto -Script @"
db = client('dynamodb')
for i in range(6):
    op = 'op-%012x' % (0xcab000 + i)
    db.put_item(TableName='AuroraRestoreState-$Name', Item={'operation_id': {'S': op}, 'status': {'S': 'completed'}, 'completed': {'BOOL': True}, 'timestamp': {'S': '2026-11-0%dT10:00:00.000Z' % (i + 1)}})
    db.put_item(TableName='AuroraRestoreAudit-$Name', Item={'operation_id': {'S': op}, 'timestamp': {'S': '2026-11-0%dT10:00:00.000Z' % (i + 1)}, 'step': {'S': 'sns-notification'}, 'status': {'S': 'succeeded'}})
emit(True)
"@ | Out-Null
            Invoke-RestoreUpgrade -Environment $Name -TargetVersion 3.0.0 -BackupPath (Join-Path $TestDrive 'rb-backups') @Aws -Force | Out-Null
        }

        function Get-Shape([string] $Name) {
            # Stacks (template, tags), live aliases and the code they run, table indexes and items, configuration, alarms.
            $json = Invoke-Boto3 -Server $Moto -Script @"
cfn, lam, ddb, ssm, cw = client('cloudformation'), client('lambda'), client('dynamodb'), client('ssm'), client('cloudwatch')
out = {'stacks': {}, 'functions': {}, 'tables': {}}
for s in ('aurora-restore-pipeline-$Name', 'aurora-restore-pipeline-$Name-iam'):
    stack = cfn.describe_stacks(StackName=s)['Stacks'][0]
    out['stacks'][s] = [stack['StackStatus'], sorted((t['Key'], t['Value']) for t in stack['Tags']), json.dumps(cfn.get_template(StackName=s)['TemplateBody'], sort_keys=True)]
for f in lam.list_functions()['Functions']:
    if f['FunctionName'].startswith('aurora-restore-$Name-'):
        alias = lam.get_alias(FunctionName=f['FunctionName'], Name='live')['FunctionVersion']
        out['functions'][f['FunctionName']] = [alias, lam.get_function_configuration(FunctionName=f['FunctionName'], Qualifier=alias)['CodeSha256']]
for t in ('AuroraRestoreState-$Name', 'AuroraRestoreAudit-$Name'):
    out['tables'][t] = [sorted(i['IndexName'] for i in ddb.describe_table(TableName=t)['Table'].get('GlobalSecondaryIndexes', [])), sorted(json.dumps(i, sort_keys=True) for i in ddb.scan(TableName=t, ConsistentRead=True)['Items'])]
out['configuration'] = ssm.get_parameter(Name='/aurora-restore/$Name/config')['Parameter']['Value']
out['alarms'] = sorted(a['AlarmName'] for a in cw.describe_alarms(AlarmNamePrefix='aurora-restore-$Name-')['MetricAlarms'])
emit(out)
"@
            ($json | ConvertTo-Json -Depth 20 -Compress).Replace("-$Name", '-ENV').Replace("/$Name/", '/ENV/').Replace("`"$Name`"", '"ENV"')
        }

        $script:RollbackRunner = @'
param($ModulePath, $Endpoint, $Environment)
Import-Module $ModulePath
$secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
Undo-RestoreUpgrade -Environment $Environment -EndpointUrl $Endpoint -Region us-east-1 -Credential ([pscredential]::new('testing', $secret)) -Force | Out-Null
'@
    }

    It 'finishes after a SIGKILL at each boundary in turn, ending identical to an uninterrupted rollback' {
        Install-Upgraded rbref
        $steps = @(Undo-RestoreUpgrade -Environment rbref @Aws -Force | Where-Object { $_ -is [AuroraRestore.Rollbacks.RollbackStepResult] } | ForEach-Object Key)
        $reference = Get-Shape rbref
        $steps.Count | Should -BeGreaterThan 5

        Install-Upgraded rbkill
        foreach ($step in $steps) {
            $parameters = @{ ModulePath = $env:AURORARESTORE_MODULE_PATH; Endpoint = $Moto.Endpoint; Environment = 'rbkill' }
            $killed = Invoke-ChildSession -Script $RollbackRunner -Parameters $parameters -Environment @{ AURORARESTORE_TEST_STOP_AFTER_STEP = $step }
            $killed.ExitCode | Should -Be 137 -Because "killed after $step`: $($killed.Output)$($killed.Error)"
        }
        Undo-RestoreUpgrade -Environment rbkill @Aws -Force | Out-Null
        $shape = Get-Shape rbkill
        if ($shape -ne $reference) { Set-Content (Join-Path ([IO.Path]::GetTempPath()) 'rb-shape-killed.json') $shape; Set-Content (Join-Path ([IO.Path]::GetTempPath()) 'rb-shape-reference.json') $reference }
        $shape | Should -Be $reference
    }
}
