# AuroraRestore's root module. It loads AuroraRestore.dll and its dependencies (AWSSDK.*, ...) from dependencies/ into a
# load context of their own, so that a session holding another AWSSDK.Core (AWS.Tools, for example) and this module
# never fight over one assembly name. docs/distribution.md explains the design and what it costs at import.
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
