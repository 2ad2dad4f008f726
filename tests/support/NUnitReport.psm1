# NUnit reports as CI systems read them (the runbooks' and Invoke-RestoreRunbook's output).

Set-StrictMode -Version Latest

function Test-NUnitReport {
    <#
    .SYNOPSIS
    Validates a report against Pester's own copy of the NUnit 2.5 schema; returns the schema errors (none when valid).
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $settings = [System.Xml.XmlReaderSettings]::new()
    $settings.ValidationType = [System.Xml.ValidationType]::Schema
    $null = $settings.Schemas.Add($null, (Join-Path (Get-Module Pester).ModuleBase 'schemas/NUnit25/nunit_schema_2.5.xsd'))
    $errors = [System.Collections.Generic.List[string]]::new()
    $settings.add_ValidationEventHandler({ param($sender, $e) $errors.Add($e.Message) })
    $reader = [System.Xml.XmlReader]::Create($Path, $settings)
    try { while ($reader.Read()) { } } finally { $reader.Dispose() }
    , $errors.ToArray()
}

Export-ModuleMember -Function Test-NUnitReport
