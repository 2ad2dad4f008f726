# AuroraRestore's root module. It loads AuroraRestore.dll and its dependencies (AWSSDK.*, ...) from dependencies/ into a
# load context of their own, so that a session holding another AWSSDK.Core (AWS.Tools, for example) and this module
# never fight over one assembly name. docs/distribution.md explains the design and what it costs at import.

# PowerShell 7.4 or later only: the module's assemblies are built for .NET 8 (PowerShell 7.4 runs on it) and load through
# an AssemblyLoadContext, which Windows PowerShell's .NET Framework does not have. The manifest's PowerShellVersion (5.1)
# lets Windows PowerShell get this far, so that its user reads what to do rather than a version or loader error. Windows
# PowerShell parses this whole file before running it: nothing in it may need more than 5.1 (Module.Tests.ps1 checks).
if ($PSVersionTable.PSEdition -ne 'Core' -or $PSVersionTable.PSVersion -lt [version]'7.4') {
    $running = if ($PSVersionTable.PSEdition -eq 'Core') { 'PowerShell' } else { 'Windows PowerShell' }
    $message = "AuroraRestore needs PowerShell 7.4 or later (pwsh); this is $running $($PSVersionTable.PSVersion). " +
        'Install PowerShell 7 (https://aka.ms/powershell; on Windows: winget install Microsoft.PowerShell), then run pwsh and import the module there. ' +
        'In Azure DevOps give the PowerShell@2 task pwsh: true (or use a pwsh: step); in GitHub Actions use shell: pwsh.'
    $record = New-Object System.Management.Automation.ErrorRecord (
        (New-Object System.PlatformNotSupportedException $message), 'PowerShellVersionNotSupported',
        [System.Management.Automation.ErrorCategory]::NotInstalled, $PSVersionTable.PSVersion)
    throw $record
}
Set-StrictMode -Version Latest

# [IO.Path]::Combine, not Join-Path: Join-Path would import Microsoft.PowerShell.Management, which costs more than the
# rest of this file (bench/Measure-ImportTime.ps1).
$loader = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'AuroraRestore.Loader.dll'))
$context = $loader.GetType('AuroraRestore.Loader.ModuleLoadContext', $true)
$dependencies = [System.IO.Path]::Combine($PSScriptRoot, 'dependencies')
$importedBefore = $context::IsLoaded($dependencies)
$assembly = $context::LoadModuleAssembly($dependencies, 'AuroraRestore')

# Import-Module AuroraRestore -Force leaves the previous binary module of the same assembly in the module table, and
# importing the assembly again would then add no cmdlets: remove that leftover first. (Only then: looking costs time.)
if ($importedBefore) {
    Get-Module -All | Where-Object { $_.ModuleType -eq 'Binary' -and $_.Path -eq $assembly.Location } | Remove-Module -Force
}

# The cmdlets come from the isolated assembly; the manifest's CmdletsToExport decides which ones the session sees.
Import-Module -Assembly $assembly
Export-ModuleMember -Cmdlet *
