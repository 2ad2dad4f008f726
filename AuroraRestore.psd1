@{
    RootModule           = 'AuroraRestore.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5d0c7c1e-5f0a-4c59-9d7e-0b2f3c1a7e41'
    Author               = 'AuroraRestore contributors'
    CompanyName          = 'AuroraRestore'
    Copyright            = '(c) AuroraRestore contributors. Apache-2.0.'
    Description          = 'Runs Aurora restores through the Aurora Restore Pipeline on AWS and upgrades that pipeline safely between major versions: verified backups, reversible state migrations, journaled and resumable upgrades, rollback and verification.'
    # 5.1, not 7.4: Windows PowerShell then loads AuroraRestore.psm1, whose first lines say what to do on anything older than
    # PowerShell 7.4 (the manifest's own version check would only ask for a newer "Windows PowerShell"). CompatiblePSEditions
    # says Core: the gallery and Get-Module -ListAvailable -PSEdition show it; Windows PowerShell does not enforce it.
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('AuroraRestore.format.ps1xml')
    CmdletsToExport      = @(
        'Backup-RestoreState'
        'Copy-RestorePipeline'
        'Get-AuroraRestore'
        'Get-RestorePipeline'
        'Get-RestoreStateBackup'
        'Get-RestoreUpgradePlan'
        'Install-RestorePipeline'
        'Invoke-RestoreRunbook'
        'Invoke-RestoreStateMigration'
        'Invoke-RestoreUpgrade'
        'Invoke-RestoreUpgradeRehearsal'
        'Remove-RestorePipeline'
        'Restore-RestoreState'
        'Start-AuroraRestore'
        'Stop-AuroraRestore'
        'Test-RestorePipeline'
        'Test-RestoreStateBackup'
        'Undo-RestoreUpgrade'
        'Wait-AuroraRestore'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Aurora', 'RDS', 'Restore', 'DynamoDB', 'CloudFormation', 'Upgrade', 'Migration', 'PSEdition_Core')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/aurora-restore/AuroraRestore'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
