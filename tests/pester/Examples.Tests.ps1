# The CI examples: examples/github-actions/upgrade-restore-pipeline.yml and examples/azure-devops/azure-pipelines.yml.
# Their YAML is parsed (PyYAML) and linted; then one job of each has its script steps run against moto exactly as
# written, in order, each in a runspace of its own, with the CI system's conditions (failure(), always(), failed()): action
# and task steps (checkout, credentials, publishing) are the CI system's own and are only checked for their inputs.
# Effects are seen through boto3. This is also where the runbooks run end to end (the scripts call Invoke-RestoreRunbook):
# the Upgrade runbook failing its verification and the Rollback runbook putting staging back (GitHub), the Upgrade runbook
# passing (Azure DevOps); their NUnit reports are validated against Pester's NUnit 2.5 schema.
BeforeDiscovery {
    $script:Workflows = @(
        @{ Name = 'GitHub Actions'; Path = 'examples/github-actions/upgrade-restore-pipeline.yml' }
        @{ Name = 'Azure DevOps'; Path = 'examples/azure-devops/azure-pipelines.yml' }
    )
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    function Read-Yaml([string] $Path) {
        # BaseLoader keeps every scalar a string ('on' stays a key, 'true' stays text), as the CI systems read them.
        $json = & python3 -c "import json, sys, yaml; print(json.dumps(yaml.load(open(sys.argv[1]), Loader=yaml.BaseLoader)))" $Path
        if ($LASTEXITCODE -ne 0) { throw "$Path is not valid YAML" }
        $json | ConvertFrom-Json -AsHashtable
    }

    function Get-ScriptStep($Step) {
        # The script a step runs (GitHub: run; Azure: pwsh), or $null for an action or task step.
        if ($Step.Contains('run')) { return $Step.run }
        if ($Step.Contains('pwsh')) { return $Step.pwsh }
        $null
    }

    $script:GitHub = Read-Yaml (Join-Path $Root 'examples/github-actions/upgrade-restore-pipeline.yml')
    $script:Azure = Read-Yaml (Join-Path $Root 'examples/azure-devops/azure-pipelines.yml')
    $script:AzureJobs = @{}
    foreach ($stage in $Azure.stages) { $AzureJobs[$stage.stage] = $stage.jobs[0] }
}

Describe 'The CI examples, linted' -Tag Unit {
    It '<Name> is valid YAML whose script steps call scripts of examples/ci that exist' -ForEach $Workflows {
        $document = Read-Yaml (Join-Path $Root $Path)
        $steps = if ($document.Contains('jobs')) { $document.jobs.Values | ForEach-Object { $_.steps } } else { $document.stages | ForEach-Object { $_.jobs[0].strategy.runOnce.deploy.steps } }
        $scripts = @($steps | ForEach-Object { Get-ScriptStep $_ } | Where-Object { $_ })
        $scripts.Count | Should -Be 6
        foreach ($script in $scripts) {
            $script | Should -Match '^\./examples/ci/[A-Za-z-]+\.ps1( |$)'
            Join-Path $Root ($script -split ' ')[0] | Should -Exist
            # Values come from the environment, never from CI expressions inside the script text.
            $script | Should -Not -Match '\$\{\{|\$\('
        }
    }

    Context 'GitHub Actions' {
        It 'is started by hand with the target version and whether to run a sample restore' {
            $GitHub.on.workflow_dispatch.inputs.Keys | Sort-Object | Should -Be @('sample_restore', 'target_version')
        }

        It 'upgrades production only after staging, behind the production environment''s reviewers' {
            $GitHub.jobs.Keys | Sort-Object | Should -Be @('production', 'staging')
            $GitHub.jobs.production.needs | Should -Be 'staging'
            $GitHub.jobs.production.environment | Should -Be 'production'
            $GitHub.jobs.staging.environment | Should -Be 'staging'
        }

        It 'runs the same steps in both jobs, each on its own environment' {
            $staging = $GitHub.jobs.staging.steps | ConvertTo-Json -Depth 10
            $production = $GitHub.jobs.production.steps | ConvertTo-Json -Depth 10
            $staging.Replace('staging', 'production') | Should -Be $production
            $GitHub.jobs.production.env.PIPELINE_ENVIRONMENT | Should -Be 'production'
        }

        It 'rolls back only when the upgrade step failed, and always publishes the NUnit report and the backup manifest' {
            $steps = $GitHub.jobs.staging.steps
            $rollback = $steps | Where-Object { (Get-ScriptStep $_) -match 'Invoke-RollbackStage' }
            $rollback.if | Should -Be "failure() && steps.upgrade.outcome == 'failure'"
            ($steps | Where-Object { (Get-ScriptStep $_) -match 'Invoke-UpgradeStage' }).id | Should -Be 'upgrade'
            $publish = $steps | Where-Object { $_.uses -like 'EnricoMi/publish-unit-test-result-action@*' }
            $publish.if | Should -Be 'always()'
            $publish.with.nunit_files | Should -Be 'results/staging/*.Runbook.*.xml'
            $artifact = $steps | Where-Object { $_.uses -like 'actions/upload-artifact@*' }
            $artifact.if | Should -Be 'always()'
            $artifact.with.path | Should -Be $GitHub.jobs.staging.env.RESULTS_PATH
        }
    }

    Context 'Azure DevOps' {
        It 'takes the target version and whether to run a sample restore as parameters' {
            $Azure.parameters.name | Should -Be @('targetVersion', 'sampleRestore')
        }

        It 'upgrades production only after staging succeeded, in a deployment job whose environment holds the approvals' {
            $Azure.stages.stage | Should -Be @('Staging', 'Production')
            $production = $Azure.stages | Where-Object stage -eq 'Production'
            $production.dependsOn | Should -Be 'Staging'
            $production.condition | Should -Be 'succeeded()'
            $AzureJobs.Production.environment | Should -Be 'aurora-restore-production'
            $AzureJobs.Staging.environment | Should -Be 'aurora-restore-staging'
        }

        It 'runs the same steps in both stages, each on its own environment' {
            $staging = $AzureJobs.Staging.strategy.runOnce.deploy.steps | ConvertTo-Json -Depth 10
            $production = $AzureJobs.Production.strategy.runOnce.deploy.steps | ConvertTo-Json -Depth 10
            $staging.Replace('staging', 'production') | Should -Be $production
        }

        It 'rolls back only after a failure, and always publishes the NUnit report and the backup manifest' {
            $steps = $AzureJobs.Staging.strategy.runOnce.deploy.steps
            ($steps | Where-Object { (Get-ScriptStep $_) -match 'Invoke-RollbackStage' }).condition | Should -Be 'failed()'
            $publish = $steps | Where-Object task -eq 'PublishTestResults@2'
            $publish.condition | Should -Be 'always()'
            $publish.inputs.testResultsFormat | Should -Be 'NUnit'
            $publish.inputs.testResultsFiles | Should -Be 'results/staging/*.Runbook.*.xml'
            $artifact = $steps | Where-Object task -eq 'PublishPipelineArtifact@1'
            $artifact.condition | Should -Be 'always()'
            $artifact.inputs.targetPath | Should -Be 'results/staging'
        }
    }
}

Describe 'The CI examples, run against moto' -Tag Integration {
    BeforeAll {
        Import-Module $env:AURORARESTORE_MODULE_PATH -Force
        Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
        $script:Moto = Start-MotoServer
        $aws = Get-MotoAwsParameters -Server $Moto
        $package = New-FakeLambdaPackage -Path (Join-Path $TestDrive 'lambda.zip')
        $lambda = if (Test-Path (Join-Path (Split-Path $env:AURORARESTORE_MODULE_PATH) 'lambda')) { @{} } else { @{ LambdaPackagePath = $package } }
        $config = Join-Path $TestDrive 'config.json'
        @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'orders-prod'; target_cluster_id = 'orders-refresh' } | ConvertTo-Json | Set-Content $config
        foreach ($environment in 'staging', 'production') {
            Install-RestorePipeline -Version 1.0.0 -Environment $environment -ConfigPath $config @lambda @aws -Confirm:$false | Out-Null
        }

        # The CI workspace: the repository's examples (linked, as a checkout would hold them); reports and backups stay here.
        $script:Workspace = Join-Path $TestDrive 'workspace'
        $null = New-Item -ItemType Directory -Force $Workspace
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Workspace 'examples') -Target (Join-Path $Root 'examples')

        function Resolve-CiValue([string] $Value, [hashtable] $Inputs) {
            # The CI expressions the examples use, as a runner would expand them; any other one fails the test.
            $resolved = [regex]::Replace($Value, '\$\{\{\s*(inputs|parameters)\.(\w+)\s*\}\}', { param($m) $Inputs[$m.Groups[2].Value] })
            $resolved = $resolved.Replace('${{ runner.temp }}', (Join-Path $TestDrive 'runner-temp')).Replace('$(Agent.TempDirectory)', (Join-Path $TestDrive 'agent-temp'))
            $resolved = $resolved.Replace('$(AWS_ACCESS_KEY_ID)', 'testing').Replace('$(AWS_SECRET_ACCESS_KEY)', 'testing')
            if ($resolved -match '\$\{\{|\$\(') { throw "The test does not know how to expand '$Value'" }
            $resolved
        }

        function Invoke-CiJob {
            # Runs a job's steps in one child session, in order, with the CI conditions; returns each step's outcome.
            param([object[]] $Steps, [hashtable] $Environment, [string] $Kind)
            $plan = foreach ($step in $Steps) {
                $condition = if ($Kind -eq 'GitHub') { $step['if'] } else { $step['condition'] }
                [pscustomobject]@{
                    # How later conditions and this test name the step: GitHub's id, Azure's name, else its label.
                    Id        = $step['id'] ?? $step['name'] ?? $step['displayName'] ?? $step['uses'] ?? $step['task'] ?? $step['checkout']
                    Script    = Get-ScriptStep $step
                    Condition = $condition
                    Env       = if ($step.Contains('env')) { $step.env } else { @{} }
                }
            }
            # (PowerShell's variable names ignore case: $Environment is the parameter, hence $childEnvironment.)
            $childEnvironment = (Get-MotoChildEnvironment $Moto) + @{ AURORARESTORE_MODULE_PATH = $env:AURORARESTORE_MODULE_PATH; PESTER_PATH = (Get-Module Pester).ModuleBase }
            foreach ($key in $Environment.Keys) { $childEnvironment[$key] = $Environment[$key] }
            $run = Invoke-ChildSession -TimeoutSeconds 600 -Environment $childEnvironment -Parameters @{ Plan = ($plan | ConvertTo-Json -Depth 5 -Compress); Workspace = $Workspace; Kind = $Kind } -Script @'
param([string] $Plan, [string] $Workspace, [string] $Kind)
Set-Location $Workspace
$failed = $false
$outcomes = [ordered]@{}
foreach ($step in @($Plan | ConvertFrom-Json -AsHashtable)) {
    # The conditions the examples use: GitHub's failure(), always() and steps.<id>.outcome; Azure's failed(), always().
    $condition = $step.Condition
    $run = switch -Regex ($condition) {
        '^$' { -not $failed }
        '^always\(\)$' { $true }
        '^(failure|failed)\(\)$' { $failed }
        "^failure\(\) && steps\.(\w+)\.outcome == 'failure'$" { $failed -and $outcomes[$Matches[1]] -eq 'failure' }
        default { throw "unknown condition $condition" }
    }
    if (-not $run) { $outcomes[$step.Id] = 'skipped'; continue }
    if (-not $step.Script) { $outcomes[$step.Id] = 'action'; continue }
    foreach ($key in $step.Env.Keys) { Set-Item "env:$key" $step.Env[$key] }
    # Each step in a runspace of its own (as each CI step is a new pwsh: nothing imported by one step is seen by the
    # next), stopping on the first error as the pwsh shell of both CI systems does. The environment is the process's.
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Set-Location -LiteralPath '$Workspace'; `$ErrorActionPreference = 'Stop'`n" + $step.Script)
        $shell.Invoke() | Out-Host
        $shell.Streams.Information | ForEach-Object { Write-Host $_ }
        $outcome = 'success'
    } catch {
        $shell.Streams.Information | ForEach-Object { Write-Host $_ }
        Write-Host "Step failed: $($_.Exception.InnerException.Message ?? $_.Exception.Message)"
        $outcome = 'failure'
    } finally {
        $shell.Dispose()
        foreach ($key in $step.Env.Keys) { Remove-Item "env:$key" -ErrorAction SilentlyContinue }
    }
    $outcomes[$step.Id] = $outcome
    if ($outcome -eq 'failure') { $failed = $true }
}
$outcomes | Write-ChildResult
'@
            $run
        }

        function Get-Seen([string] $Manifest) {
            # Every stack with its version tag, and the state of the table backups a backup manifest names: one boto3 call.
            $arns = if ($Manifest -and (Test-Path $Manifest)) { @((Get-Content -Raw $Manifest | ConvertFrom-Json).tables.backup_arn) } else { @() }
            Invoke-Boto3 -Server $Moto -Script @"
cfn = client('cloudformation')
ddb = client('dynamodb')
stacks = {s['StackName']: next((t['Value'] for t in s.get('Tags', []) if t['Key'] == 'aurora-restore:version'), None) for s in cfn.describe_stacks()['Stacks']}
backups = {arn: ddb.describe_backup(BackupArn=arn)['BackupDescription']['BackupDetails']['BackupStatus'] for arn in json.loads('$(ConvertTo-Json -Compress -InputObject @($arns))')}
emit({'stacks': stacks, 'backups': backups})
"@
        }

        Import-Module (Join-Path $PSScriptRoot '../support/NUnitReport.psm1') -Force

        function Get-Phases([string] $Path) {
            # Phase name -> the results of its steps, from an NUnit report.
            $phases = [ordered]@{}
            foreach ($suite in ([xml](Get-Content -Raw $Path)).SelectNodes('/test-results/test-suite/results/test-suite/results/test-suite')) {
                $phases[$suite.name] = @($suite.SelectNodes('.//test-case') | ForEach-Object { $_.result })
            }
            $phases
        }
    }

    AfterAll {
        if ($script:Moto) { $Moto | Stop-MotoServer }
    }

    Context 'the GitHub Actions staging job, whose verification fails' {
        BeforeAll {
            # sample_restore 'true' with no snapshot of the configured source cluster: the test restore fails after the
            # upgrade, as a broken release would, so the rollback step must put staging back.
            $inputs = @{ target_version = '2.0.0'; sample_restore = 'true' }
            $jobEnvironment = @{}
            foreach ($scope in $GitHub.env, $GitHub.jobs.staging.env) { foreach ($key in $scope.Keys) { $jobEnvironment[$key] = Resolve-CiValue $scope[$key] $inputs } }
            $script:Job = Invoke-CiJob -Steps $GitHub.jobs.staging.steps -Environment $jobEnvironment -Kind GitHub
            $script:Results = Join-Path $Workspace 'results/staging'
            $script:Seen = Get-Seen (Join-Path $Results 'staging-backup-manifest.json')
        }

        It 'fails the upgrade step, then runs the rollback step' {
            $Job.Result.'Install AuroraRestore and Pester' | Should -Be 'success'
            $Job.Result.upgrade | Should -Be 'failure' -Because $Job.Output
            $Job.Result.'Roll back when the upgrade or its verification failed' | Should -Be 'success' -Because $Job.Output
            $Job.Result.'Publish the runbook results' | Should -Be 'action'
            $Job.Result.'Keep the reports and the backup manifest' | Should -Be 'action'
        }

        It 'writes valid NUnit reports: the upgrade failed in Verify only, at the SampleRestore check; the rollback passed' {
            $upgrade = Join-Path $Results 'Upgrade.Runbook.staging.xml'
            $rollback = Join-Path $Results 'Rollback.Runbook.staging.xml'
            Test-NUnitReport $upgrade | Should -BeNullOrEmpty
            Test-NUnitReport $rollback | Should -BeNullOrEmpty
            $phases = Get-Phases $upgrade
            @($phases.Keys) | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            foreach ($phase in 'Preflight', 'Backup', 'Upgrade') { $phases[$phase] | Should -Not -Contain 'Failure' }
            @(([xml](Get-Content -Raw $upgrade)).SelectNodes("//test-case[@result='Failure']").description) | Should -Be @('passes the SampleRestore check')
            $phases = Get-Phases $rollback
            @($phases.Keys) | Should -Be @('Rollback', 'Verify')
            $phases.Values | ForEach-Object { $_ } | Should -Not -Contain 'Failure'
        }

        It 'leaves staging at 1.0.0 again, seen through boto3, with the rollback''s result beside the reports' {
            $Seen.stacks.'aurora-restore-pipeline-staging' | Should -Be '1.0.0'
            $Seen.stacks.'aurora-restore-pipeline-staging-iam' | Should -Be '1.0.0'
            $result = Get-Content -Raw (Join-Path $Results 'staging-rollback.json') | ConvertFrom-Json
            ($result.FromVersion, $result.ToVersion, $result.Status, $result.Method) | Should -Be @('2.0.0', '1.0.0', 'Completed', 'ReverseMigration')
        }

        It 'keeps the backup set''s own manifest as an artifact, naming table backups that exist' {
            $manifest = Get-Content -Raw (Join-Path $Results 'staging-backup-manifest.json') | ConvertFrom-Json
            $set = Get-Content -Raw (Join-Path $Results 'staging-backup-set.json') | ConvertFrom-Json
            $manifest.name | Should -Be $set.Name
            $manifest.pipeline_version | Should -Be '1.0.0'
            (Get-FileHash (Join-Path $Results 'staging-backup-manifest.json')).Hash | Should -Be (Get-FileHash (Join-Path $set.Location 'manifest.json')).Hash
            @($manifest.tables).Count | Should -Be 2
            foreach ($table in $manifest.tables) { $Seen.backups.($table.backup_arn) | Should -Be 'AVAILABLE' }
        }
    }

    Context 'the Azure DevOps production stage' {
        BeforeAll {
            $inputs = @{ targetVersion = '2.0.0'; sampleRestore = 'false' }
            $steps = foreach ($step in $AzureJobs.Production.strategy.runOnce.deploy.steps) {
                if ($step.Contains('env')) { foreach ($key in @($step.env.Keys)) { $step.env[$key] = Resolve-CiValue $step.env[$key] $inputs } }
                $step
            }
            $script:Job = Invoke-CiJob -Steps $steps -Environment @{ AWS_REGION = $Azure.variables[1].value } -Kind Azure
            $script:Results = Join-Path $Workspace 'results/production'
            $script:Seen = Get-Seen
        }

        It 'runs its script steps in order: install, upgrade; the rollback is skipped' {
            $Job.Result.upgrade | Should -Be 'success' -Because $Job.Output
            $Job.Result.'Roll back when the upgrade or its verification failed' | Should -Be 'skipped'
        }

        It 'leaves production at 2.0.0, seen through boto3' {
            $Seen.stacks.'aurora-restore-pipeline' | Should -Be '2.0.0'
            $Seen.stacks.'aurora-restore-pipeline-iam' | Should -Be '2.0.0'
        }

        It 'writes a valid NUnit report with every phase passed, and the backup manifest, where the publishing steps look' {
            $report = Join-Path $Results 'Upgrade.Runbook.production.xml'
            Test-NUnitReport $report | Should -BeNullOrEmpty
            $phases = Get-Phases $report
            @($phases.Keys) | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            $phases.Values | ForEach-Object { $_ } | Should -Not -Contain 'Failure'
            # Every step passed but the SampleRestore check, which the stage skips (sampleRestore 'false').
            @(([xml](Get-Content -Raw $report)).SelectNodes("//test-case[@result='Ignored']").description) | Should -Be @('passes the SampleRestore check')
            (Get-Content -Raw (Join-Path $Results 'production-backup-manifest.json') | ConvertFrom-Json).pipeline_version | Should -Be '1.0.0'
        }
    }
}
