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
    .PARAMETER AsHashtable
    Parses into hashtables and leaves ISO times as strings, for items that must compare exactly.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Server,
        [switch] $AsHashtable,
        [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Arguments
    )
    $overrides = @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_PROFILE = $null }
    if (-not ($Arguments -contains '--region')) { $overrides.AWS_DEFAULT_REGION = 'us-east-1' }
    $command = [string[]] (@($Arguments) + @('--endpoint-url', $Server.Endpoint, '--output', 'json'))
    $answer = Invoke-AwsHost -Request @{ cli = $command } -Overrides $overrides
    if ($answer.rc -ne 0) { throw "aws $($Arguments -join ' ') failed ($($answer.rc)): $($answer.err)" }
    $text = $answer.out.Trim()
    if ($text -and $AsHashtable) { $text | ConvertFrom-Json -AsHashtable -DateKind String -Depth 100 }
    elseif ($text) { $text | ConvertFrom-Json -Depth 100 }
}

function Invoke-AwsHost {
    <#
    .SYNOPSIS
    Sends one request to this session's long-lived tests/support/aws_host.py and returns its answer (rc, out, err).
    .DESCRIPTION
    The AWS CLI's driver and boto3 run in one python process for the whole session instead of a process per call (about
    half a second of CPU each, the largest single cost of a test run). The process is kept in the AppDomain, so that
    importing this module again (-Force, in every test file) reuses it; it ends with the session (its stdin closes).
    Each request carries the AWS_* variables a child process started now would inherit, with the overrides applied.
    #>
    param([Parameter(Mandatory)] [hashtable] $Request, [hashtable] $Overrides = @{})
    $awsHost = [AppDomain]::CurrentDomain.GetData('AuroraRestore.Tests.AwsHost')
    if (-not $awsHost -or $awsHost.Process.HasExited) {
        $start = [System.Diagnostics.ProcessStartInfo]::new('python3')
        $start.ArgumentList.Add((Join-Path $PSScriptRoot 'aws_host.py'))
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $awsHost = [pscustomobject]@{ Process = $process; Errors = $process.StandardError.ReadToEndAsync() }
        [AppDomain]::CurrentDomain.SetData('AuroraRestore.Tests.AwsHost', $awsHost)
    }
    $environment = @{}
    foreach ($item in Get-ChildItem env: | Where-Object Name -like 'AWS_*') { $environment[$item.Name] = $item.Value }
    foreach ($name in $Overrides.Keys) {
        if ($null -eq $Overrides[$name]) { $environment.Remove($name) } else { $environment[$name] = $Overrides[$name] }
    }
    $Request.env = $environment
    $json = $Request | ConvertTo-Json -Compress -Depth 5
    # One request at a time: runspaces of one session (thread jobs) would share the process.
    [System.Threading.Monitor]::Enter($awsHost.Process)
    try {
        $awsHost.Process.StandardInput.WriteLine($json)
        $awsHost.Process.StandardInput.Flush()
        $line = $awsHost.Process.StandardOutput.ReadLine()
    } finally {
        [System.Threading.Monitor]::Exit($awsHost.Process)
    }
    if ($null -eq $line) {
        $awsHost.Process.WaitForExit()
        throw "tests/support/aws_host.py ended ($($awsHost.Process.ExitCode)): $($awsHost.Errors.Result)"
    }
    $line | ConvertFrom-Json
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
    A second path for checks that would take many AWS CLI calls.
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
    $answer = Invoke-AwsHost -Request @{ boto3 = $prelude + "`n" + $Script } -Overrides @{ AWS_PROFILE = $null }
    if ($answer.rc -ne 0) { throw "boto3 script failed ($($answer.rc)): $($answer.err)" }
    $text = $answer.out.Trim()
    if ($text) { $text | ConvertFrom-Json -Depth 100 }
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
