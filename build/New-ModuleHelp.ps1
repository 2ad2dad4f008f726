<#
.SYNOPSIS
Turns help/*.md (one file per cmdlet, format in help/README.md) into the module's MAML help, checked against the real cmdlets.

.DESCRIPTION
Imports the assembled module, reads one Markdown file per exported cmdlet plus help/SharedParameters.md, and writes
en-US/AuroraRestore.dll-Help.xml. Prose comes from the Markdown; everything mechanical (syntax, parameter types,
mandatory, position, pipeline input, aliases, output types) comes from the cmdlet itself, so the two cannot drift.

Fails, listing every problem at once, when a cmdlet has no help file, a help file names no exported cmdlet, a synopsis,
description or example is missing, a parameter has no help, the help names a parameter the cmdlet does not have, or
OUTPUTS does not describe exactly the cmdlet's [OutputType] types.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$SharedFileName = 'SharedParameters.md'
$IgnoredFiles = @('README.md', $SharedFileName)
# WhatIf and Confirm get standard text (like PowerShell's own cmdlets); the other common parameters are about_CommonParameters.
$CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$StandardText = @{
    WhatIf  = @('Shows what would happen if the cmdlet runs. Nothing is changed.')
    Confirm = @('Prompts you for confirmation before running the cmdlet.')
}

function ConvertTo-Paragraphs {
    # Markdown prose to paragraphs: blank lines separate paragraphs, wrapped lines join, each list item stands alone.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $flush = { if ($current.Count) { $paragraphs.Add(($current -join ' ').Trim()); $current.Clear() } }
    foreach ($line in $Lines) {
        if (-not $line.Trim()) { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    , $paragraphs.ToArray()
}

function Split-Sections {
    # Splits lines into sections by a heading prefix ('## ' or '### '); returns ordered name -> lines.
    param([string[]] $Lines, [string] $Prefix)
    $sections = [ordered]@{}
    $name = $null
    $inCode = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inCode = -not $inCode }
        if (-not $inCode -and $line.StartsWith($Prefix) -and -not $line.StartsWith($Prefix + '#')) {
            $name = $line.Substring($Prefix.Length).Trim()
            if ($sections.Contains($name)) { throw "duplicate heading '$Prefix$name'" }
            $sections[$name] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $name) { $sections[$name].Add($line) }
    }
    $sections
}

function Read-HelpMarkdown {
    param([Parameter(Mandatory)] [System.IO.FileInfo] $File)
    $lines = Get-Content -LiteralPath $File.FullName
    $title = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1)
    $sections = Split-Sections -Lines $lines -Prefix '## '
    $text = { param($section) if ($sections.Contains($section)) { ConvertTo-Paragraphs $sections[$section] } else { @() } }
    $sub = { param($section) if ($sections.Contains($section)) { Split-Sections -Lines $sections[$section] -Prefix '### ' } else { [ordered]@{} } }

    $parameters = [ordered]@{}
    foreach ($entry in (& $sub 'PARAMETERS').GetEnumerator()) {
        $parameters[$entry.Key -replace '^-', ''] = ConvertTo-Paragraphs $entry.Value
    }

    $examples = foreach ($entry in (& $sub 'EXAMPLES').GetEnumerator()) {
        $code = [System.Collections.Generic.List[string]]::new()
        $remarks = [System.Collections.Generic.List[string]]::new()
        $block = $null
        foreach ($line in $entry.Value) {
            if ($line -match '^\s*```') {
                if ($null -eq $block) { $block = [System.Collections.Generic.List[string]]::new() }
                else {
                    # The first code block is the example; later ones (sample output) belong to the remarks.
                    if ($code.Count -eq 0) { $code.AddRange($block) } else { $remarks.Add(''); $remarks.AddRange($block); $remarks.Add('') }
                    $block = $null
                }
                continue
            }
            if ($null -ne $block) { $block.Add($line) } else { $remarks.Add($line) }
        }
        [pscustomobject]@{ Title = $entry.Key; Code = ($code -join "`n").Trim(); Remarks = ConvertTo-Paragraphs $remarks }
    }

    $links = foreach ($line in (& $text 'RELATED LINKS')) {
        if ($line -match '\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
            [pscustomobject]@{ Text = $Matches.text; Uri = if ($Matches.uri -match '^https?://') { $Matches.uri } else { '' } }
        }
    }

    [pscustomobject]@{
        File        = $File.Name
        Name        = if ($title) { $title.Substring(2).Trim() } else { $null }
        Synopsis    = (& $text 'SYNOPSIS') -join ' '
        Description = & $text 'DESCRIPTION'
        Examples    = @($examples)
        Parameters  = $parameters
        Outputs     = & $sub 'OUTPUTS'
        Notes       = & $text 'NOTES'
        Links       = @($links)
    }
}

function Get-PipelineInput {
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    $kinds = @()
    if ($Parameter.ParameterSets.Values.ValueFromPipeline -contains $true) { $kinds += 'ByValue' }
    if ($Parameter.ParameterSets.Values.ValueFromPipelineByPropertyName -contains $true) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Get-OutputTypeNames {
    # In the order of the [OutputType] attributes: the order in which the cmdlet writes them (steps, then a summary).
    param([System.Management.Automation.CommandInfo] $Command)
    @($Command.OutputType | Where-Object { $_.Type -ne [void] } | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } } | Select-Object -Unique)
}

function Test-CommandHelp {
    # Every problem of one cmdlet's help, as sentences.
    param($Command, $Help, $Shared)
    $name = $Command.Name
    if ($Help.Name -ne $name) { "$($Help.File): the title must be '# $name'" }
    if (-not $Help.Synopsis) { "${name}: SYNOPSIS is empty" }
    if (-not $Help.Description) { "${name}: DESCRIPTION is empty" }
    if (-not $Help.Examples) { "${name}: EXAMPLES has no example" }
    foreach ($example in $Help.Examples) {
        if (-not $example.Code) { "${name}: example '$($example.Title)' has no code block" }
        if (-not $example.Remarks) { "${name}: example '$($example.Title)' does not say what it does" }
    }
    $real = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
    foreach ($parameter in $real) {
        $text = if ($Help.Parameters.Contains($parameter)) { $Help.Parameters[$parameter] } elseif ($Shared.Contains($parameter)) { $Shared[$parameter] } else { $null }
        if (-not $text) { "${name}: parameter -$parameter has no help (help/$name.md or help/$SharedFileName)" }
    }
    foreach ($parameter in $Help.Parameters.Keys) {
        if ($parameter -notin $real) { "${name}: the help describes -$parameter, which the cmdlet does not have" }
    }
    $outputs = Get-OutputTypeNames $Command
    if (-not $Command.OutputType) { "${name}: the cmdlet declares no [OutputType]" }
    foreach ($type in $outputs) {
        if (-not $Help.Outputs.Contains($type) -or -not (ConvertTo-Paragraphs $Help.Outputs[$type])) { "${name}: OUTPUTS does not describe $type" }
    }
    foreach ($type in $Help.Outputs.Keys) {
        if ($type -ne 'None' -and $type -notin $outputs) { "${name}: OUTPUTS describes $type, which is not among the cmdlet's [OutputType]" }
    }
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $Maml)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $Maml, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, [string[]] $Text, [string] $SetName)
    $sets = if ($SetName) { @($Parameter.ParameterSets[$SetName]) } else { @($Parameter.ParameterSets.Values) }
    if (-not $SetName -and $Parameter.ParameterSets.ContainsKey('__AllParameterSets')) { $sets = @($Parameter.ParameterSets['__AllParameterSets']) }
    $mandatory = -not ($sets.IsMandatory -contains $false)
    $positional = @($sets | Where-Object Position -ge 0)
    $position = if ($positional) { $positional[0].Position } else { $null }
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    # An optional value parameter (int?, DateTime?) is shown as its value type: <Int32>, not <Nullable`1>.
    $valueType = [Nullable]::GetUnderlyingType($Parameter.ParameterType) ?? $Parameter.ParameterType
    $typeName = $valueType.Name
    $Writer.WriteStartElement('command', 'parameter', $Command)
    $Writer.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', $(if ($null -ne $position) { "$($position)" } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $Maml, $Parameter.Name)
    Write-Paragraphs $Writer $Text
    if (-not ($isSwitch -and $SetName)) {
        $Writer.WriteStartElement('command', 'parameterValue', $Command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($typeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $Dev)
    $Writer.WriteElementString('maml', 'name', $Maml, $valueType.FullName)
    $Writer.WriteElementString('maml', 'uri', $Maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $Dev, $(if ($isSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $CommandInfo, $Help, $Shared)
    $textOf = {
        param($name)
        if ($Help.Parameters.Contains($name)) { $Help.Parameters[$name] }
        elseif ($Shared.Contains($name)) { $Shared[$name] }
        else { $StandardText[$name] }
    }
    $documented = @($CommandInfo.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters })
    $w = $Writer
    $w.WriteStartElement('command', 'command', $Command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $Maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $Dev)
    $w.WriteStartElement('command', 'details', $Command)
    $w.WriteElementString('command', 'name', $Command, $CommandInfo.Name)
    $w.WriteElementString('command', 'verb', $Command, $CommandInfo.Verb)
    $w.WriteElementString('command', 'noun', $Command, $CommandInfo.Noun)
    Write-Paragraphs $w @($Help.Synopsis)
    $w.WriteEndElement()
    Write-Paragraphs $w $Help.Description

    $w.WriteStartElement('command', 'syntax', $Command)
    foreach ($set in $CommandInfo.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $Command)
        $w.WriteElementString('maml', 'name', $Maml, $CommandInfo.Name)
        # Positional parameters first, in position order, then the rest as PowerShell itself lists them.
        $inSet = $documented | Where-Object { $_.ParameterSets.ContainsKey($set.Name) -or $_.ParameterSets.ContainsKey('__AllParameterSets') } |
            Sort-Object -Stable { $p = $_.ParameterSets[$(if ($_.ParameterSets.ContainsKey($set.Name)) { $set.Name } else { '__AllParameterSets' })].Position; if ($p -ge 0) { $p } else { [int]::MaxValue } }
        foreach ($parameter in $inSet) {
            $setName = if ($parameter.ParameterSets.ContainsKey($set.Name)) { $set.Name } else { '__AllParameterSets' }
            Write-Parameter $w $parameter (& $textOf $parameter.Name) $setName
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $Command)
    foreach ($parameter in $documented) { Write-Parameter $w $parameter (& $textOf $parameter.Name) $null }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $Command)
    $byType = $documented | Where-Object { (Get-PipelineInput $_) -ne 'False' } | Group-Object { $_.ParameterType.FullName }
    foreach ($group in $byType) {
        $w.WriteStartElement('command', 'inputType', $Command)
        $w.WriteStartElement('dev', 'type', $Dev)
        $w.WriteElementString('maml', 'name', $Maml, $group.Name)
        $w.WriteEndElement()
        Write-Paragraphs $w @("Bound by property name to $(($group.Group | ForEach-Object { "-$($_.Name)" }) -join ', ').")
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $Command)
    $outputs = Get-OutputTypeNames $CommandInfo
    if (-not $outputs) { $outputs = @('None') }
    foreach ($type in $outputs) {
        $w.WriteStartElement('command', 'returnValue', $Command)
        $w.WriteStartElement('dev', 'type', $Dev)
        $w.WriteElementString('maml', 'name', $Maml, $type)
        $w.WriteEndElement()
        $text = if ($Help.Outputs.Contains($type)) { ConvertTo-Paragraphs $Help.Outputs[$type] } else { @('This cmdlet writes no objects to the pipeline.') }
        Write-Paragraphs $w $text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($Help.Notes) {
        $w.WriteStartElement('maml', 'alertSet', $Maml)
        $w.WriteStartElement('maml', 'alert', $Maml)
        foreach ($paragraph in $Help.Notes) { $w.WriteElementString('maml', 'para', $Maml, $paragraph) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $Command)
    $number = 0
    foreach ($example in $Help.Examples) {
        $number++
        $title = $example.Title -replace '^Example\s+\d+\s*:?\s*', ''
        $w.WriteStartElement('command', 'example', $Command)
        $w.WriteElementString('maml', 'title', $Maml, "---------- Example ${number}: $title ----------")
        $w.WriteElementString('dev', 'code', $Dev, $example.Code)
        $w.WriteStartElement('dev', 'remarks', $Dev)
        foreach ($paragraph in $example.Remarks) { $w.WriteElementString('maml', 'para', $Maml, $paragraph) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $Command)
    foreach ($link in $Help.Links) {
        $w.WriteStartElement('maml', 'navigationLink', $Maml)
        $w.WriteElementString('maml', 'linkText', $Maml, $link.Text)
        $w.WriteElementString('maml', 'uri', $Maml, $link.Uri)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}

$Maml = 'http://schemas.microsoft.com/maml/2004/10'
$Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$Dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$module = Import-Module $ModulePath -PassThru -Force
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
$files = @(Get-ChildItem -LiteralPath $HelpPath -Filter *.md -File | Where-Object Name -notin $IgnoredFiles)
$sharedFile = Join-Path $HelpPath $SharedFileName
$shared = if (Test-Path $sharedFile) { (Read-HelpMarkdown (Get-Item $sharedFile)).Parameters } else { [ordered]@{} }

$problems = [System.Collections.Generic.List[string]]::new()
$helps = @{}
foreach ($file in $files) {
    try { $help = Read-HelpMarkdown $file } catch { $problems.Add("$($file.Name): $($_.Exception.Message)"); continue }
    if ($file.BaseName -notin $commands.Name) { $problems.Add("$($file.Name) documents no exported cmdlet (exported: $($commands.Name -join ', '))"); continue }
    $helps[$file.BaseName] = $help
}
$allParameters = @($commands | ForEach-Object { $_.Parameters.Keys } | Sort-Object -Unique)
foreach ($parameter in $shared.Keys) {
    if ($parameter -notin $allParameters) { $problems.Add("${SharedFileName}: -$parameter is a parameter of no exported cmdlet") }
}
foreach ($commandInfo in $commands) {
    if (-not $helps.ContainsKey($commandInfo.Name)) { $problems.Add("$($commandInfo.Name) has no help: add help/$($commandInfo.Name).md (format: help/README.md)"); continue }
    foreach ($problem in (Test-CommandHelp $commandInfo $helps[$commandInfo.Name] $shared)) { $problems.Add($problem) }
}
if ($problems.Count) {
    # One line per problem first: the exception's own text is wrapped by PowerShell's error view.
    Write-Host "The help does not match the cmdlets ($($problems.Count) problems):" -ForegroundColor Red
    foreach ($problem in $problems) { Write-Host "  $problem" -ForegroundColor Red }
    throw "The help does not match the cmdlets:`n  $($problems -join "`n  ")"
}

$null = New-Item -ItemType Directory -Force (Split-Path $OutputPath)
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($commandInfo in $commands) { Write-CommandHelp $writer $commandInfo $helps[$commandInfo.Name] $shared }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
} finally {
    $writer.Dispose()
}
Write-Host "Help: $($commands.Count) cmdlets -> $OutputPath"
