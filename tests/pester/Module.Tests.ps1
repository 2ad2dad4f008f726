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
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH
        $exported = (Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }
}
