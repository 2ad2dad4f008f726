# The CI examples: examples/github-actions/upgrade-restore-pipeline.yml and examples/azure-devops/azure-pipelines.yml.
# Their YAML is parsed (PyYAML) and linted (the CI systems' own parsers check them in CiFiles.Tests.ps1); then one job of
# each has its script steps run against moto exactly as written, in order, with the CI system's conditions (failure(),
# always(), failed()): pwsh steps each in a runspace of its own, the AWS Toolkit's AWSShellScript steps through bash with
# the credentials the toolkit would put in their environment; other action and task steps (checkout, credentials,
# publishing) are the CI system's own and are only checked for their inputs. Effects are seen through boto3. This is
# also where the runbooks run end to end (the scripts call Invoke-RestoreRunbook): the Upgrade runbook failing its
# verification and the Rollback runbook putting staging back (GitHub, on Pester 5), the Upgrade runbook passing (Azure
# DevOps, on Pester 6); their NUnit reports are validated against Pester's NUnit 2.5 schema.
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
        # The command line a script step runs, or $null for any other step. GitHub: run (shell: pwsh). Azure: pwsh;
        # PowerShell@2 (pwsh: true) with a file and its arguments; the AWS Toolkit's AWSShellScript@1 with an inline bash
        # command (which starts pwsh).
        if ($Step.Contains('run')) { return $Step.run }
        if ($Step.Contains('pwsh')) { return $Step.pwsh }
        if ($Step['task'] -eq 'PowerShell@2') { return ('./' + $Step.inputs.filePath + ' ' + $Step.inputs['arguments']).Trim() }
        if ($Step['task'] -eq 'AWSShellScript@1') { return $Step.inputs.inlineScript }
        $null
    }

    function Get-Jobs([hashtable] $Document) {
        # The jobs of a workflow (GitHub) or of every stage (Azure), by name.
        $jobs = [ordered]@{}
        if ($Document.Contains('jobs')) { foreach ($name in $Document.jobs.Keys) { $jobs[$name] = $Document.jobs[$name] } }
        else { foreach ($stage in $Document.stages) { $jobs[$stage.stage] = $stage.jobs[0] } }
        $jobs
    }

    function Get-Steps($Job) { if ($Job.Contains('steps')) { $Job.steps } else { $Job.strategy.runOnce.deploy.steps } }

    $script:GitHub = Read-Yaml (Join-Path $Root 'examples/github-actions/upgrade-restore-pipeline.yml')
    $script:Azure = Read-Yaml (Join-Path $Root 'examples/azure-devops/azure-pipelines.yml')
    $script:AzureJobs = @{}
    foreach ($stage in $Azure.stages) { $AzureJobs[$stage.stage] = $stage.jobs[0] }
}

Describe 'The CI examples, linted' -Tag Unit {
    It '<Name> is valid YAML whose script steps call scripts of examples/ci that exist' -ForEach $Workflows {
        $document = Read-Yaml (Join-Path $Root $Path)
        $steps = (Get-Jobs $document).Values | ForEach-Object { Get-Steps $_ }
        $scripts = @($steps | ForEach-Object { Get-ScriptStep $_ } | Where-Object { $_ })
        $scripts.Count | Should -Be 6
        foreach ($script in $scripts) {
            $script | Should -Match '^(pwsh -NoProfile -NonInteractive -File )?\./examples/ci/[A-Za-z-]+\.ps1( |$)'
            Join-Path $Root ([regex]::Match($script, '\./examples/ci/[A-Za-z-]+\.ps1').Value) | Should -Exist
            # Values come from the environment, never from CI expressions inside the script text.
            $script | Should -Not -Match '\$\{\{|\$\('
        }
    }

    It '<Name> runs every PowerShell step on pwsh, never on Windows PowerShell 5.1' -ForEach $Workflows {
        $document = Read-Yaml (Join-Path $Root $Path)
        foreach ($step in ((Get-Jobs $document).Values | ForEach-Object { Get-Steps $_ })) {
            if ($step.Contains('run')) { $step.shell | Should -Be 'pwsh' }
            if ($step['task'] -eq 'PowerShell@2') { $step.inputs.pwsh | Should -Be 'true' -Because 'PowerShell@2 runs Windows PowerShell 5.1 unless told otherwise' }
            if ($step['task'] -eq 'AWSShellScript@1') { $step.inputs.inlineScript | Should -Match '^pwsh ' }
        }
    }

    It '<Name> gives every job a time limit sized from the module''s own: the sample restore''s and an hour for the rest' -ForEach $Workflows {
        Import-Module $env:AURORARESTORE_MODULE_PATH
        $sampleRestore = [AuroraRestore.Cmdlets.TestRestorePipelineCommand]::new().SampleRestoreTimeoutMinutes
        $document = Read-Yaml (Join-Path $Root $Path)
        foreach ($job in (Get-Jobs $document).Values) {
            $limit = if ($job.Contains('timeout-minutes')) { $job['timeout-minutes'] } else { $job['timeoutInMinutes'] }
            [int]$limit | Should -Be ($sampleRestore + 60)
        }
    }

    It '<Name> installs the module''s own version, pinned, from a feed it registers, with the feed''s credential from secrets' -ForEach $Workflows {
        $document = Read-Yaml (Join-Path $Root $Path)
        $variables = if ($document.Contains('env')) { $document.env } else { $map = @{}; foreach ($v in $document.variables) { if ($v.Contains('name')) { $map[$v.name] = $v.value } }; $map }
        $variables.AURORARESTORE_VERSION | Should -Be (Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH).ModuleVersion
        $variables.PESTER_VERSION | Should -Match '^[56]\.\d+\.\d+$'
        foreach ($job in (Get-Jobs $document).Values) {
            $install = Get-Steps $job | Where-Object { (Get-ScriptStep $_) -match 'Install-RunbookTools' }
            $install.env.AURORARESTORE_FEED_TOKEN | Should -BeIn '${{ secrets.GITHUB_TOKEN }}', '$(System.AccessToken)'
            ($variables.AURORARESTORE_FEED_URI ?? $install.env.AURORARESTORE_FEED_URI) | Should -Not -BeNullOrEmpty
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

        It 'never runs two jobs on one environment at once, nor cancels one that runs' {
            foreach ($name in 'staging', 'production') {
                $GitHub.jobs[$name].concurrency.group | Should -Be "aurora-restore-$name"
                $GitHub.jobs[$name].concurrency['cancel-in-progress'] | Should -Be 'false'
            }
        }

        It 'gets AWS credentials by OpenID Connect (an assumed role, with a session token)' {
            $GitHub.permissions['id-token'] | Should -Be 'write'
            $credentials = $GitHub.jobs.staging.steps | Where-Object { $_.uses -like 'aws-actions/configure-aws-credentials@*' }
            $credentials.with['role-to-assume'] | Should -Not -BeNullOrEmpty
            $credentials.with.Keys | Should -Not -Contain 'aws-access-key-id'
        }

        It 'runs the same steps in both jobs, each on its own environment' {
            $staging = $GitHub.jobs.staging.steps | ConvertTo-Json -Depth 10
            $production = $GitHub.jobs.production.steps | ConvertTo-Json -Depth 10
            $staging.Replace('staging', 'production') | Should -Be $production
            $GitHub.jobs.production.env.PIPELINE_ENVIRONMENT | Should -Be 'production'
        }

        It 'rolls back only when the upgrade step failed, and always publishes the NUnit report and the results' {
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
        It 'takes the target version, whether to run a sample restore and the AWS service connection as parameters' {
            $Azure.parameters.name | Should -Be @('targetVersion', 'sampleRestore', 'awsServiceConnection')
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

        It 'makes a second run wait for the first (lockBehavior sequential, with the environments'' exclusive lock)' {
            $Azure.lockBehavior | Should -Be 'sequential'
        }

        It 'runs the AWS steps with an AWS service connection (AWS Toolkit), which sets the session token too, never with keys in variables' {
            $steps = $AzureJobs.Staging.strategy.runOnce.deploy.steps
            $aws = @($steps | Where-Object task -eq 'AWSShellScript@1')
            $aws.Count | Should -Be 2
            $aws.inputs.awsCredentials | Should -Be @('${{ parameters.awsServiceConnection }}', '${{ parameters.awsServiceConnection }}')
            ($Azure.parameters | Where-Object name -eq 'awsServiceConnection').default | Should -Not -BeNullOrEmpty
            $steps | ConvertTo-Json -Depth 10 | Should -Not -Match 'AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY'
            # The task would otherwise run an inline script in the folder it writes the script to, not in the checkout.
            $aws.inputs.disableAutoCwd | Should -Be @('true', 'true')
            $aws.inputs.workingDirectory | Should -Be @('$(System.DefaultWorkingDirectory)', '$(System.DefaultWorkingDirectory)')
        }

        It 'rolls back only after a failure, and always publishes the NUnit report and the results' {
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

        function Resolve-CiValue([string] $Value, [hashtable] $Inputs, [hashtable] $Variables = @{}) {
            # The CI expressions the examples use, as a runner would expand them; any other one fails the test.
            $resolved = [regex]::Replace($Value, '\$\{\{\s*(inputs|parameters)\.(\w+)\s*\}\}', { param($m) $Inputs[$m.Groups[2].Value] })
            $resolved = $resolved.Replace('${{ github.repository_owner }}', 'example-owner').Replace('${{ github.actor }}', 'example-actor')
            $resolved = $resolved.Replace('${{ secrets.GITHUB_TOKEN }}', 'job-token').Replace('$(System.AccessToken)', 'job-token')
            $resolved = $resolved.Replace('$(System.DefaultWorkingDirectory)', $Workspace)
            # Azure macros of pipeline variables (the variable group's included).
            $resolved = [regex]::Replace($resolved, '\$\((\w+)\)', { param($m) if ($Variables.Contains($m.Groups[1].Value)) { $Variables[$m.Groups[1].Value] } else { $m.Value } })
            if ($resolved -match '\$\{\{|\$\(') { throw "The test does not know how to expand '$Value'" }
            $resolved
        }

        # The AWS Toolkit's tasks run their script with the service connection's credentials and region in its
        # environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION): here moto's, with a
        # session token as an assumed role or OIDC gives. The Azure job itself has none.
        $script:ToolkitCredentials = @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_SESSION_TOKEN = 'testing-session-token' }

        # The examples' bash steps start pwsh: this test's own PowerShell, under that name.
        $script:ShimPath = Join-Path $TestDrive 'bin'
        $null = New-Item -ItemType Directory -Force $ShimPath
        $pwshCommand = (Get-PwshCommand | ForEach-Object { "'$_'" }) -join ' '
        Set-Content -LiteralPath (Join-Path $ShimPath 'pwsh') -Value "#!/bin/sh`nexec $pwshCommand `"`$@`"`n"
        & chmod +x (Join-Path $ShimPath 'pwsh')

        function Invoke-CiJob {
            # Runs a job's steps in one child session, in order, with the CI conditions; returns each step's outcome.
            param([object[]] $Steps, [hashtable] $Environment, [string] $Kind, [string] $PesterPath)
            $plan = foreach ($step in $Steps) {
                $condition = if ($Kind -eq 'GitHub') { $step['if'] } else { $step['condition'] }
                $toolkit = $step['task'] -eq 'AWSShellScript@1'
                $stepEnvironment = if ($step.Contains('env')) { $step.env } else { @{} }
                # The toolkit's task: the service connection's credentials and the region input, for this step only.
                if ($toolkit) { $stepEnvironment = $stepEnvironment + $ToolkitCredentials + @{ AWS_REGION = $step.inputs.regionName; AWS_DEFAULT_REGION = $step.inputs.regionName } }
                [pscustomobject]@{
                    # How later conditions and this test name the step: GitHub's id, Azure's name, else its label.
                    Id        = $step['id'] ?? $step['name'] ?? $step['displayName'] ?? $step['uses'] ?? $step['task'] ?? $step['checkout']
                    Script    = Get-ScriptStep $step
                    Shell     = if ($toolkit) { 'bash' } else { 'pwsh' }
                    Condition = $condition
                    Env       = $stepEnvironment
                }
            }
            # (PowerShell's variable names ignore case: $Environment is the parameter, hence $childEnvironment.)
            $childEnvironment = (Get-MotoChildEnvironment $Moto) + @{ AURORARESTORE_MODULE_PATH = $env:AURORARESTORE_MODULE_PATH; PESTER_PATH = $PesterPath }
            $childEnvironment.PATH = $ShimPath + [IO.Path]::PathSeparator + $env:PATH
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
    # A bash step (the AWS Toolkit's) runs as bash would, in the workspace, failing on a non-zero exit code.
    $script = if ($step.Shell -eq 'bash') { "& bash -e -c `$args[0]; if (`$LASTEXITCODE -ne 0) { throw `"bash exited with `$LASTEXITCODE`" }" } else { $step.Script }
    try {
        $null = $shell.AddScript("Set-Location -LiteralPath '$Workspace'; `$ErrorActionPreference = 'Stop'`n" + $script)
        if ($step.Shell -eq 'bash') { $null = $shell.AddArgument($step.Script) }
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

        function Get-Seen([string] $BackupSet) {
            # In one boto3 call: every stack with its version tag; and, for the backup set a job's results describe
            # (<environment>-backup-set.json, its Location an s3:// prefix), the files under that prefix, its manifest
            # and the state of the table backups the manifest names.
            $location = if ($BackupSet -and (Test-Path $BackupSet)) { (Get-Content -Raw $BackupSet | ConvertFrom-Json).Location } else { '' }
            Invoke-Boto3 -Server $Moto -Script @"
cfn = client('cloudformation')
ddb = client('dynamodb')
s3 = client('s3')
stacks = {s['StackName']: next((t['Value'] for t in s.get('Tags', []) if t['Key'] == 'aurora-restore:version'), None) for s in cfn.describe_stacks()['Stacks']}
location = '$location'
files, manifest, backups = [], None, {}
if location.startswith('s3://'):
    bucket, _, prefix = location[5:].partition('/')
    files = sorted(o['Key'][len(prefix):] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get('Contents', []))
    manifest = json.loads(s3.get_object(Bucket=bucket, Key=prefix + 'manifest.json')['Body'].read())
    backups = {t['backup_arn']: ddb.describe_backup(BackupArn=t['backup_arn'])['BackupDescription']['BackupDetails']['BackupStatus'] for t in manifest['tables']}
emit({'stacks': stacks, 'location': location, 'files': files, 'manifest': manifest, 'backups': backups})
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
            $steps = foreach ($step in $GitHub.jobs.staging.steps) {
                if ($step.Contains('env')) { foreach ($key in @($step.env.Keys)) { $step.env[$key] = Resolve-CiValue $step.env[$key] $inputs } }
                $step
            }
            # The runbooks on the suite's Pester 5 here, on Pester 6 in the Azure DevOps stage.
            $script:Job = Invoke-CiJob -Steps $steps -Environment $jobEnvironment -Kind GitHub -PesterPath (Get-Module Pester).ModuleBase
            $script:Results = Join-Path $Workspace 'results/staging'
            $script:Seen = Get-Seen (Join-Path $Results 'staging-backup-set.json')
        }

        It 'fails the upgrade step, then runs the rollback step' {
            $Job.Result.'Install AuroraRestore and Pester' | Should -Be 'success'
            $Job.Result.upgrade | Should -Be 'failure' -Because $Job.Output
            $Job.Result.'Roll back when the upgrade or its verification failed' | Should -Be 'success' -Because $Job.Output
            $Job.Result.'Publish the runbook results' | Should -Be 'action'
            $Job.Result.'Keep the reports and where the backup set is' | Should -Be 'action'
            $Job.Output | Should -Match 'Using AuroraRestore \S+ \(.+\) and Pester 5\.'
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

        It 'keeps the whole backup set in the artifact bucket, prints where, and keeps that with the reports' {
            $set = Get-Content -Raw (Join-Path $Results 'staging-backup-set.json') | ConvertFrom-Json
            $Seen.location | Should -BeLike 's3://aurora-restore-artifacts-*/backups/staging/*/'
            $Seen.location | Should -Be $set.Location
            $Job.Output | Should -Match ([regex]::Escape("Backup set $($set.Name) of 'staging': $($set.Location)"))
            foreach ($file in 'manifest.json', 'main-stack.template', 'iam-stack.template', 'main-stack.json', 'iam-stack.json', 'functions.json', 'state-machine.json', 'configuration.json') {
                $Seen.files | Should -Contain $file
            }
            $Seen.manifest.name | Should -Be $set.Name
            $Seen.manifest.pipeline_version | Should -Be '1.0.0'
            @($Seen.manifest.tables).Count | Should -Be 2
            foreach ($table in $Seen.manifest.tables) { $Seen.backups.($table.backup_arn) | Should -Be 'AVAILABLE' }
        }
    }

    Context 'the Azure DevOps production stage' {
        BeforeAll {
            $inputs = @{ targetVersion = '2.0.0'; sampleRestore = 'false'; awsServiceConnection = 'aurora-restore-aws' }
            # Pipeline variables reach every step's environment; the variable group's feed URI is a folder here (the
            # install step uses the module under test, AURORARESTORE_MODULE_PATH, and reads no feed).
            $variables = @{ AURORARESTORE_FEED_URI = (Join-Path $TestDrive 'feed') }
            foreach ($variable in $Azure.variables) { if ($variable.Contains('name')) { $variables[$variable.name] = $variable.value } }
            $steps = foreach ($step in $AzureJobs.Production.strategy.runOnce.deploy.steps) {
                if ($step.Contains('env')) { foreach ($key in @($step.env.Keys)) { $step.env[$key] = Resolve-CiValue $step.env[$key] $inputs $variables } }
                if ($step.Contains('inputs')) { foreach ($key in @($step.inputs.Keys)) { $step.inputs[$key] = Resolve-CiValue $step.inputs[$key] $inputs $variables } }
                $step
            }
            # No AWS credentials in the job: only the AWS Toolkit's steps get them (the service connection's).
            $jobEnvironment = $variables.Clone()
            foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION') { $jobEnvironment[$name] = $null }
            $script:Pester6 = Split-Path (& (Join-Path $Root 'build/Get-RestoredPester.ps1') -Major 6)
            $script:Job = Invoke-CiJob -Steps $steps -Environment $jobEnvironment -Kind Azure -PesterPath $Pester6
            $script:Results = Join-Path $Workspace 'results/production'
            $script:Seen = Get-Seen (Join-Path $Results 'production-backup-set.json')
        }

        It 'runs its script steps in order: install, upgrade; the rollback is skipped' {
            $Job.Result.'Install AuroraRestore and Pester' | Should -Be 'success' -Because $Job.Output
            $Job.Result.upgrade | Should -Be 'success' -Because $Job.Output
            $Job.Result.'Roll back when the upgrade or its verification failed' | Should -Be 'skipped'
        }

        It 'runs the Upgrade runbook on Pester 6' {
            (Import-PowerShellDataFile (Join-Path $Pester6 'Pester.psd1')).ModuleVersion | Should -BeLike '6.*'
            $Job.Output | Should -Match 'Using AuroraRestore \S+ \(.+\) and Pester 6\.'
        }

        It 'leaves production at 2.0.0, seen through boto3' {
            $Seen.stacks.'aurora-restore-pipeline' | Should -Be '2.0.0'
            $Seen.stacks.'aurora-restore-pipeline-iam' | Should -Be '2.0.0'
        }

        It 'writes a valid NUnit report with every phase passed, and where the backup set is, where the publishing steps look' {
            $report = Join-Path $Results 'Upgrade.Runbook.production.xml'
            Test-NUnitReport $report | Should -BeNullOrEmpty
            $phases = Get-Phases $report
            @($phases.Keys) | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            $phases.Values | ForEach-Object { $_ } | Should -Not -Contain 'Failure'
            # Every step passed but the SampleRestore check, which the stage skips (sampleRestore 'false').
            @(([xml](Get-Content -Raw $report)).SelectNodes("//test-case[@result='Ignored']").description) | Should -Be @('passes the SampleRestore check')
            $Seen.location | Should -BeLike 's3://aurora-restore-artifacts-*/backups/production/*/'
            $Seen.manifest.pipeline_version | Should -Be '1.0.0'
        }
    }
}
