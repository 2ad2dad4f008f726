# Every type an exported cmdlet declares with [OutputType] has a default table view in AuroraRestore.format.ps1xml.
# New cmdlets and types are picked up through Get-Command.

BeforeDiscovery {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    # The module's own types: a cmdlet may also declare a framework type (Test-RestorePipeline -Quiet writes a bool).
    $script:OutputTypes = @(Get-Command -Module AuroraRestore -CommandType Cmdlet | ForEach-Object {
            $assembly = $_.ImplementingType.Assembly
            $_.OutputType | Where-Object { $_.Type -and $_.Type.Assembly -eq $assembly }
        } | ForEach-Object { $_.Type.FullName } | Sort-Object -Unique)
}

BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    function Get-OutputType {
        # The type object itself, found through the cmdlets that declare it (the test knows only its name).
        param([string] $FullName)
        Get-Command -Module AuroraRestore -CommandType Cmdlet | ForEach-Object { $_.OutputType } |
            Where-Object { $_.Type -and $_.Type.FullName -eq $FullName } | Select-Object -First 1 -ExpandProperty Type
    }
}

Describe 'Default view of <_>' -Tag Unit -ForEach $OutputTypes {
    BeforeAll {
        $script:TypeName = $_
        $script:Type = Get-OutputType $TypeName
        $script:Views = @((Get-FormatData -TypeName $TypeName).FormatViewDefinition)
    }

    It 'is a table' {
        $Views.Count | Should -BeGreaterThan 0 -Because "$TypeName needs a view in module/AuroraRestore.format.ps1xml"
        # The first view registered for a type is the one PowerShell uses by default.
        $Views[0].Control | Should -BeOfType ([System.Management.Automation.TableControl])
    }

    It 'shows only properties the type has' {
        $properties = $Type.GetProperties().Name
        foreach ($column in $Views[0].Control.Rows[0].Columns) {
            if ($column.DisplayEntry.ValueType -eq 'Property') { $column.DisplayEntry.Value | Should -BeIn $properties }
        }
    }

    It 'is what PowerShell uses to show an object of the type' {
        # No constructor runs: output types need not have a parameterless one, and the view must cope with empty values.
        $instance = [System.Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($Type)
        $text = $instance | Out-String -Width 300
        $headers = $Views[0].Control.Headers | ForEach-Object { if ($_.Label) { $_.Label } }
        $firstLine = ($text -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1)
        foreach ($header in $headers) { $firstLine | Should -Match "\b$([regex]::Escape($header))\b" }
    }
}
