# Fresh PowerShell processes for Pester tests that need a clean session: what is loaded first, which modules are on
# PSModulePath, how a module imports by name. The child reports back by writing JSON to $env:AR_CHILD_RESULT.

Set-StrictMode -Version Latest

function Get-PwshCommand {
    # The PowerShell running this test, started the same way: 'dotnet pwsh.dll' for the .NET tool, or pwsh itself.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        , @($process, (Join-Path $PSHOME 'pwsh.dll'))
    } else {
        , @($process)
    }
}

function Invoke-ChildSession {
    <#
    .SYNOPSIS
    Runs a script in a new `pwsh -NoProfile -NonInteractive` process and returns its exit code, output and reported result.
    .PARAMETER Script
    The script text. It may declare param(); Parameters are passed to it by name. It reports by writing JSON to
    $env:AR_CHILD_RESULT (use Write-ChildResult, which the child gets defined for it).
    .PARAMETER Environment
    Variables to set (or, with a $null value, to remove) in the child's environment.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('ar-child-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Force $folder
    try {
        $scriptPath = Join-Path $folder 'child.ps1'
        $resultPath = Join-Path $folder 'result.json'
        $prelude = 'function Write-ChildResult { param([Parameter(Mandatory, ValueFromPipeline)] $InputObject) process { $InputObject | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $env:AR_CHILD_RESULT } }'
        # param() must open the script, so the helper goes after it.
        if ($Script -match '(?s)^\s*(param\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))(.*)$') {
            $text = $Matches[1] + "`n" + $prelude + "`n" + $Matches[2]
        } else {
            $text = $prelude + "`n" + $Script
        }
        Set-Content -LiteralPath $scriptPath -Value $text

        $command = Get-PwshCommand
        $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in ($command | Select-Object -Skip 1)) { $start.ArgumentList.Add($argument) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scriptPath) { $start.ArgumentList.Add($argument) }
        foreach ($name in $Parameters.Keys) {
            $start.ArgumentList.Add("-$name")
            $start.ArgumentList.Add([string]$Parameters[$name])
        }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['AR_CHILD_RESULT'] = $resultPath
        # Plain text: escape sequences in a failure message would break Pester's NUnit report.
        $start.Environment['NO_COLOR'] = '1'
        foreach ($name in $Environment.Keys) {
            if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) } else { $start.Environment[$name] = [string]$Environment[$name] }
        }
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "The child session did not end within $TimeoutSeconds s. Output so far: $($stdout.Result)"
        }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = $stdout.Result -replace "`e\[[0-9;?]*[A-Za-z]", ''
            Error    = $stderr.Result -replace "`e\[[0-9;?]*[A-Za-z]", ''
            Result   = if (Test-Path $resultPath) { Get-Content -Raw $resultPath | ConvertFrom-Json -Depth 8 } else { $null }
        }
    } finally {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $folder
    }
}

function Get-MotoChildEnvironment {
    <#
    .SYNOPSIS
    Environment variables that point a child session's AuroraRestore cmdlets at the moto server, with moto's dummy keys
    and none of the machine's AWS settings.
    #>
    param([Parameter(Mandatory)] $Server, [string] $Region = 'us-east-1')
    @{
        AWS_ENDPOINT_URL            = $Server.Endpoint
        AWS_REGION                  = $Region
        AWS_DEFAULT_REGION          = $Region
        AWS_ACCESS_KEY_ID           = 'testing'
        AWS_SECRET_ACCESS_KEY       = 'testing'
        AWS_SESSION_TOKEN           = $null
        AWS_PROFILE                 = $null
        AWS_CONFIG_FILE             = '/nonexistent/aws-config'
        AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials'
    }
}

function New-FakeLambdaPackage {
    <#
    .SYNOPSIS
    A small zip standing in for a version's Lambda package (moto stores function code but never runs it).
    #>
    param([Parameter(Mandatory)] [string] $Path, [string] $Version = '1.0.0')
    $staging = Join-Path ([IO.Path]::GetTempPath()) ('ar-lambda-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Force $staging
    try {
        Set-Content -LiteralPath (Join-Path $staging 'pipeline-version.txt') -Value $Version -NoNewline
        Remove-Item -Force -ErrorAction SilentlyContinue $Path
        [System.IO.Compression.ZipFile]::CreateFromDirectory($staging, $Path)
    } finally {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $staging
    }
    $Path
}

Export-ModuleMember -Function Invoke-ChildSession, Get-PwshCommand, Get-MotoChildEnvironment, New-FakeLambdaPackage
