# A moto server on a free loopback port for Pester tests and the demo, and the AWS CLI pointed at it.
# Tests observe effects through Invoke-AwsCli: a second path, independent of the module's own clients.

Set-StrictMode -Version Latest

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-MotoServer {
    [CmdletBinding()]
    param([int] $TimeoutSeconds = 30)
    $port = Get-FreeTcpPort
    $start = [System.Diagnostics.ProcessStartInfo]::new('python3', "-m moto.server -H 127.0.0.1 -p $port")
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['MOTO_ALLOW_NONEXISTENT_REGION'] = 'true'
    $process = [System.Diagnostics.Process]::Start($start)
    # Drain both streams so moto never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        if ($process.HasExited) { throw "moto exited with code $($process.ExitCode) before answering on port $port" }
        try {
            $null = Invoke-WebRequest -Uri "$endpoint/moto-api/" -UseBasicParsing -TimeoutSec 5
            break
        } catch {
            if ([DateTime]::UtcNow -gt $deadline) { $process.Kill($true); throw "moto did not answer on port $port within $TimeoutSeconds s" }
            Start-Sleep -Milliseconds 100
        }
    }
    [pscustomobject]@{ PSTypeName = 'AuroraRestore.Test.MotoServer'; Port = $port; Endpoint = $endpoint; Process = $process }
}

function Stop-MotoServer {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if ($Server -and -not $Server.Process.HasExited) {
            $Server.Process.Kill($true)
            $null = $Server.Process.WaitForExit(5000)
        }
    }
}

function Reset-MotoServer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    $null = Invoke-WebRequest -Method Post -Uri "$($Server.Endpoint)/moto-api/reset" -UseBasicParsing
}

function Invoke-AwsCli {
    <#
    .SYNOPSIS
    Runs the AWS CLI against the moto server and returns its parsed JSON output.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Server,
        [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Arguments
    )
    $saved = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_PROFILE') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        $env:AWS_ACCESS_KEY_ID = 'testing'
        $env:AWS_SECRET_ACCESS_KEY = 'testing'
        if (-not ($Arguments -contains '--region')) { $env:AWS_DEFAULT_REGION = 'us-east-1' }
        $env:AWS_PROFILE = $null
        $text = & aws @Arguments --endpoint-url $Server.Endpoint --output json 2>&1
        if ($LASTEXITCODE -ne 0) { throw "aws $($Arguments -join ' ') failed ($LASTEXITCODE): $text" }
        $joined = ($text | Out-String).Trim()
        if ($joined) { $joined | ConvertFrom-Json -Depth 100 }
    } finally {
        # Not [Environment]::SetEnvironmentVariable($name, $null): PowerShell passes $null as '', which leaves the variable
        # set and empty (AWS_DEFAULT_REGION='' then breaks every moto server started later by this process).
        foreach ($name in $saved.Keys) {
            if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue }
            else { Set-Item -LiteralPath "env:$name" -Value $saved[$name] }
        }
    }
}

function Get-MotoAwsParameters {
    <#
    .SYNOPSIS
    The common parameters that point an AuroraRestore cmdlet at the moto server (splat them).
    #>
    param([Parameter(Mandatory)] $Server, [string] $Region = 'us-east-1')
    $secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
    @{ EndpointUrl = $Server.Endpoint; Region = $Region; Credential = [pscredential]::new('testing', $secret) }
}

Export-ModuleMember -Function Start-MotoServer, Stop-MotoServer, Reset-MotoServer, Invoke-AwsCli, Get-MotoAwsParameters
