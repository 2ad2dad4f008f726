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
