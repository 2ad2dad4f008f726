BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    $script:ModuleFolder = Split-Path $env:AURORARESTORE_MODULE_PATH
}

Describe 'AuroraRestore module' -Tag Unit {
    It 'imports from the built folder' {
        Get-Module AuroraRestore | Should -Not -BeNullOrEmpty
    }

    It 'ships no System.Management.Automation.dll' {
        Join-Path $ModuleFolder 'System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $ModuleFolder 'dependencies/System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'runs its cmdlets from the isolated load context, bound to the session''s own PowerShell' {
        $type = (Get-Command Get-RestorePipeline).ImplementingType
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($type.Assembly).Name | Should -Be 'AuroraRestore'
        $type.Assembly.Location | Should -Be (Join-Path $ModuleFolder 'dependencies/AuroraRestore.dll')
        $type.BaseType.BaseType.BaseType.Assembly | Should -Be ([System.Management.Automation.PSCmdlet].Assembly)
        # Type literals still find the module's own types (PowerShell knows the assemblies imported as modules).
        [AuroraRestore.Pipelines.PipelineInfo].Assembly | Should -Be $type.Assembly
    }

    It 'keeps its cmdlets when imported again with -Force' {
        Import-Module $env:AURORARESTORE_MODULE_PATH -Force
        $manifest = Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH
        @((Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        (Get-Command Get-RestorePipeline).ImplementingType.Assembly.Location | Should -Be (Join-Path $ModuleFolder 'dependencies/AuroraRestore.dll')
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH
        $exported = (Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }
}

# Windows PowerShell 5.1 cannot be run here: what it would do is checked through what it reads. It reads the manifest
# (PowerShellVersion, which it enforces), then parses the whole psm1 and runs its first statement, the edition check.
Describe 'AuroraRestore module on Windows PowerShell 5.1 or PowerShell before 7.4' -Tag Unit {
    BeforeAll {
        $script:Psm1 = Join-Path $ModuleFolder 'AuroraRestore.psm1'
        $tokens = $null
        $errors = $null
        $script:Ast = [System.Management.Automation.Language.Parser]::ParseFile($Psm1, [ref] $tokens, [ref] $errors)
        $script:Tokens = $tokens
        # The check, run as the psm1 runs it, with the version table of another PowerShell.
        $check = $Ast.EndBlock.Statements[0]
        $script:InvokeCheck = {
            param([hashtable] $Table)
            $run = [scriptblock]::Create("param(`$PSVersionTable)`n" + $check.Extent.Text)
            try { & $run $Table; $null } catch { $_ }
        }.GetNewClosure()
    }

    It 'lets Windows PowerShell 5.1 load the manifest (PowerShellVersion 5.1) and says it is for PowerShell Core' {
        $manifest = Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
    }

    It 'checks the edition and version first, before it loads anything' {
        $first = $Ast.EndBlock.Statements[0]
        $first | Should -BeOfType [System.Management.Automation.Language.IfStatementAst]
        $first.Extent.Text | Should -Match '\$PSVersionTable\.PSEdition -ne ''Core'''
        $first.Extent.Text | Should -Not -Match 'LoadFrom|Import-Module'
    }

    It 'uses no syntax newer than Windows PowerShell 5.1 anywhere in the psm1 (5.1 parses it whole)' {
        $newer = 'QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr', 'QuestionMark'
        @($Tokens | Where-Object { $_.Kind.ToString() -in $newer } | ForEach-Object { "$($_.Text) at line $($_.Extent.StartLineNumber)" }) | Should -BeNullOrEmpty
        # Clean (::new() came with 5.0, which is fine); no 'using namespace' or classes either, to stay plain.
        $Ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.TypeDefinitionAst] -or $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or $node -is [System.Management.Automation.Language.PipelineChainAst] }, $true) | Should -BeNullOrEmpty
    }

    It 'tells a Windows PowerShell 5.1 user, in one error, to use pwsh 7.4 or later and how (PowerShell@2 pwsh: true, shell: pwsh)' {
        $record = & $InvokeCheck @{ PSEdition = 'Desktop'; PSVersion = [version]'5.1.22621.4391' }
        $record.FullyQualifiedErrorId | Should -Be 'PowerShellVersionNotSupported'
        $record.CategoryInfo.Category | Should -Be 'NotInstalled'
        $record.Exception | Should -BeOfType [System.PlatformNotSupportedException]
        $record.Exception.Message | Should -BeLike 'AuroraRestore needs PowerShell 7.4 or later (pwsh); this is Windows PowerShell 5.1.22621.4391.*'
        $record.Exception.Message | Should -Match 'winget install Microsoft\.PowerShell'
        $record.Exception.Message | Should -Match 'PowerShell@2 task pwsh: true'
        $record.Exception.Message | Should -Match 'shell: pwsh'
    }

    It 'tells a PowerShell 7.2 user the same, naming that version' {
        $record = & $InvokeCheck @{ PSEdition = 'Core'; PSVersion = [version]'7.2.24' }
        $record.FullyQualifiedErrorId | Should -Be 'PowerShellVersionNotSupported'
        $record.Exception.Message | Should -BeLike '*; this is PowerShell 7.2.24.*'
    }

    It 'passes PowerShell 7.4 and this PowerShell' {
        & $InvokeCheck @{ PSEdition = 'Core'; PSVersion = [version]'7.4.0' } | Should -BeNullOrEmpty
        & $InvokeCheck @{ PSEdition = $PSVersionTable.PSEdition; PSVersion = $PSVersionTable.PSVersion } | Should -BeNullOrEmpty
    }
}
