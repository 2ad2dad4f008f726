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
    # An AWS_* variable left empty by an earlier test (PowerShell passes $null as "" to SetEnvironmentVariable) makes
    # moto's own boto3 calls fail, and CloudFormation answers HTTP 500: the server never inherits an empty one.
    foreach ($name in @($start.Environment.Keys | Where-Object { $_ -like 'AWS_*' -and $start.Environment[$_] -eq '' })) {
        $null = $start.Environment.Remove($name)
    }
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
    $variables = @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_PROFILE = $null }
    if (-not ($Arguments -contains '--region')) { $variables.AWS_DEFAULT_REGION = 'us-east-1' }
    Invoke-WithEnvironment -Variables $variables -ScriptBlock {
        $text = & aws @Arguments --endpoint-url $Server.Endpoint --output json 2>&1
        if ($LASTEXITCODE -ne 0) { throw "aws $($Arguments -join ' ') failed ($LASTEXITCODE): $text" }
        $joined = ($text | Out-String).Trim()
        if ($joined) { $joined | ConvertFrom-Json -Depth 100 }
    }
}

function Invoke-WithEnvironment {
    <#
    .SYNOPSIS
    Runs a script block with environment variables set (a $null value removes the variable), then restores them exactly.
    #>
    param([Parameter(Mandatory)] [hashtable] $Variables, [Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $saved = @{}
    foreach ($name in $Variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        foreach ($name in $Variables.Keys) { Set-EnvironmentVariable $name $Variables[$name] }
        & $ScriptBlock
    } finally {
        foreach ($name in $saved.Keys) { Set-EnvironmentVariable $name $saved[$name] }
    }
}

function Set-EnvironmentVariable([string] $Name, $Value) {
    # [Environment]::SetEnvironmentVariable($name, $null) from PowerShell passes "" (PowerShell turns $null into an
    # empty string for string parameters), and an empty AWS_PROFILE breaks the CLI and boto3: remove the item instead.
    if ($null -eq $Value) { Remove-Item "env:$Name" -ErrorAction SilentlyContinue } else { Set-Item "env:$Name" $Value }
}

function Invoke-Boto3 {
    <#
    .SYNOPSIS
    Runs a Python snippet with boto3 against the moto server and returns what it prints as JSON (parsed).
    A second path for checks that would take many AWS CLI calls (each costs about half a second of start-up).
    The snippet gets `client(service, region='us-east-1')` and `emit(value)`.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Script)
    $prelude = @"
import boto3, json, sys
def client(service, region='us-east-1'):
    return boto3.client(service, region_name=region, endpoint_url='$($Server.Endpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')
def emit(value):
    json.dump(value, sys.stdout, default=str)
"@
    Invoke-WithEnvironment -Variables @{ AWS_PROFILE = $null } -ScriptBlock {
        $text = ($prelude + "`n" + $Script) | & python3 - 2>&1
        if ($LASTEXITCODE -ne 0) { throw "boto3 script failed ($LASTEXITCODE): $text" }
        $joined = ($text | Out-String).Trim()
        if ($joined) { $joined | ConvertFrom-Json -Depth 100 }
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

Export-ModuleMember -Function Start-MotoServer, Stop-MotoServer, Reset-MotoServer, Invoke-AwsCli, Invoke-Boto3, Invoke-WithEnvironment, Get-MotoAwsParameters
