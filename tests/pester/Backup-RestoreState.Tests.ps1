# Backup-RestoreState against moto: effects checked through the AWS CLI and boto3.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Secret = 'https://chat.example.invalid/hooks/T0PESTER/B0PESTER/never-export-this'
    $config = Join-Path $TestDrive 'config.json'
    Set-Content -Path $config -Value '{ "format_version": 1, "source_region": "us-east-1", "source_cluster_id": "orders-prod", "target_cluster_id": "orders-refresh" }'
    Install-RestorePipeline -Version 2.0.0 -Environment pbk -ConfigPath $config @Aws -Confirm:$false | Out-Null
    # The operator's NoEcho webhook, and some items in both tables.
    Invoke-Boto3 -Server $Moto -Script @"
cf = client('cloudformation')
params = cf.describe_stacks(StackName='aurora-restore-pipeline-pbk')['Stacks'][0]['Parameters']
cf.update_stack(StackName='aurora-restore-pipeline-pbk', UsePreviousTemplate=True, Capabilities=['CAPABILITY_NAMED_IAM'],
    Parameters=[{'ParameterKey': p['ParameterKey'], 'ParameterValue': '$Secret'} if p['ParameterKey'] == 'ChatOpsWebhookUrl' else {'ParameterKey': p['ParameterKey'], 'UsePreviousValue': True} for p in params])
db = boto3.resource('dynamodb', region_name='us-east-1', endpoint_url='$($Moto.Endpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')
with db.Table('AuroraRestoreState-pbk').batch_writer() as w:
    for i in range(20): w.put_item(Item={'operation_id': 'op-%03d' % i, 'status': 'completed', 'updated_at': '2026-01-01T00:00:00Z', 'completed': True})
with db.Table('AuroraRestoreAudit-pbk').batch_writer() as w:
    for i in range(30): w.put_item(Item={'operation_id': 'op-%03d' % (i // 3), 'timestamp': '2026-01-01T00:00:%02dZ' % i, 'step': 'operation', 'status': 'succeeded'})
emit(True)
"@ | Out-Null

    function Get-BackupArns { @((Invoke-AwsCli -Server $Moto dynamodb list-backups).BackupSummaries | ForEach-Object BackupArn) }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Backup-RestoreState' -Tag Integration {
    Context 'when backing up to a folder from Get-RestorePipeline' {
        BeforeAll {
            $script:Sets = Join-Path $TestDrive 'sets'
            $script:Result = Get-RestorePipeline -Environment pbk @Aws | Backup-RestoreState -Name pbk-folder -Path $Sets @Aws -Confirm:$false -Verbose 4>&1
            $script:Backup = $Result | Where-Object { $_ -is [AuroraRestore.Backups.RestoreStateBackup] }
            $script:Verbose = $Result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $script:SetFolder = Join-Path $Sets 'pbk/pbk-folder'
        }

        It 'emits one RestoreStateBackup for the environment and version' {
            @($Backup).Count | Should -Be 1
            $Backup.Environment | Should -Be 'pbk'
            $Backup.PipelineVersion | Should -Be '2.0.0'
            $Backup.Status | Should -Be 'Unverified'
        }

        It 'takes a DynamoDB backup of both tables that the AWS CLI lists as AVAILABLE' {
            $listed = (Invoke-AwsCli -Server $Moto dynamodb list-backups).BackupSummaries
            foreach ($table in $Backup.Tables) {
                $summary = $listed | Where-Object BackupArn -eq $table.BackupArn
                $summary.TableName | Should -Be $table.TableName
                $summary.BackupStatus | Should -Be 'AVAILABLE'
            }
            ($Backup.Tables | Where-Object TableName -eq 'AuroraRestoreState-pbk').ItemCount | Should -Be 20
            ($Backup.Tables | Where-Object TableName -eq 'AuroraRestoreAudit-pbk').ItemCount | Should -Be 30
        }

        It 'exports the template exactly as get-template returns it' {
            foreach ($pair in @(@('aurora-restore-pipeline-pbk', 'main-stack.template'), @('aurora-restore-pipeline-pbk-iam', 'iam-stack.template'))) {
                $path = Join-Path $SetFolder $pair[1]
                Invoke-Boto3 -Server $Moto -Script "import json; emit(json.load(open('$path')) == client('cloudformation').get_template(StackName='$($pair[0])')['TemplateBody'])" |
                    Should -BeTrue
            }
        }

        It 'never writes or says the NoEcho secret' {
            foreach ($file in Get-ChildItem $SetFolder -File) { Get-Content -Raw $file.FullName | Should -Not -BeLike "*$Secret*" }
            (Get-Content -Raw (Join-Path $SetFolder 'main-stack.json') | ConvertFrom-Json).parameters.ChatOpsWebhookUrl | Should -Be '****'
            ($Backup | ConvertTo-Json -Depth 10) | Should -Not -BeLike "*$Secret*"
            ($Verbose.Message -join "`n") | Should -Not -BeLike "*$Secret*"
        }

        It 'lists every exported file with its SHA-256 in the manifest' {
            $manifest = Get-Content -Raw (Join-Path $SetFolder 'manifest.json') | ConvertFrom-Json
            $manifest.format_version | Should -Be 1
            foreach ($file in $manifest.files) {
                (Get-FileHash -Algorithm SHA256 (Join-Path $SetFolder $file.name)).Hash.ToLowerInvariant() | Should -Be $file.sha256
            }
            $manifest.files.name | Should -Contain 'configuration.json'
        }

        It 'makes the set readable by its owner only' -Skip:$IsWindows {
            (& stat -c %a $SetFolder) | Should -Be '700'
            foreach ($file in Get-ChildItem $SetFolder -File) { (& stat -c %a $file.FullName) | Should -Be '600' }
        }
    }

    Context 'when neither -Path nor -Bucket is given' {
        It 'writes the set to the artifact bucket, every object encrypted with AES256' {
            $backup = Backup-RestoreState -Environment pbk -Name pbk-s3 @Aws -Confirm:$false
            $backup.Location | Should -BeLike 's3://aurora-restore-artifacts-*-us-east-1/backups/pbk/pbk-s3/'
            $bucket = $backup.Location.Split('/')[2]
            $encryption = Invoke-Boto3 -Server $Moto -Script @"
s3 = client('s3')
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='$bucket', Prefix='backups/pbk/pbk-s3/')['Contents']]
emit({k: s3.head_object(Bucket='$bucket', Key=k).get('ServerSideEncryption') for k in keys})
"@
            @($encryption.PSObject.Properties).Count | Should -Be 8
            foreach ($property in $encryption.PSObject.Properties) { $property.Value | Should -Be 'AES256' }
        }
    }

    Context 'when run with -WhatIf' {
        It 'takes no backup and writes nothing' {
            $before = Get-BackupArns
            Backup-RestoreState -Environment pbk -Name pbk-whatif -Path (Join-Path $TestDrive 'whatif') @Aws -WhatIf
            Get-BackupArns | Should -Be $before
            Join-Path $TestDrive 'whatif' | Should -Not -Exist
        }
    }

    Context 'when the input is bad' {
        BeforeAll {
            Set-Content -Path (Join-Path $TestDrive 'a-file') -Value 'x'
            $script:Cases = @(
                @{ Id = 'InvalidBackupName'; Arguments = @{ Environment = 'pbk'; Name = '../escape'; Path = (Join-Path $TestDrive 'bad') } }
                @{ Id = 'BackupLocationConflict'; Arguments = @{ Environment = 'pbk'; Name = 'pbk-bad'; Path = (Join-Path $TestDrive 'bad'); Bucket = 'some-bucket' } }
                @{ Id = 'BackupPathIsFile'; Arguments = @{ Environment = 'pbk'; Name = 'pbk-bad'; Path = (Join-Path $TestDrive 'a-file') } }
                @{ Id = 'BackupBucketNotFound'; Arguments = @{ Environment = 'pbk'; Name = 'pbk-bad'; Bucket = 'no-such-bucket-for-backups' } }
                @{ Id = 'BackupAlreadyExists'; Arguments = @{ Environment = 'pbk'; Name = 'pbk-s3' } }
                @{ Id = 'PipelineNotInstalled'; Arguments = @{ Environment = 'nothing'; Name = 'nothing-1'; Path = (Join-Path $TestDrive 'bad') } }
                @{ Id = 'InvalidEnvironmentName'; Arguments = @{ Environment = 'Bad_Name'; Path = (Join-Path $TestDrive 'bad') } }
            )
        }

        It 'refuses <Id> and takes no backup' -ForEach @(
            @{ Id = 'InvalidBackupName' }, @{ Id = 'BackupLocationConflict' }, @{ Id = 'BackupPathIsFile' }, @{ Id = 'BackupBucketNotFound' },
            @{ Id = 'BackupAlreadyExists' }, @{ Id = 'PipelineNotInstalled' }, @{ Id = 'InvalidEnvironmentName' }
        ) {
            $arguments = ($Cases | Where-Object Id -eq $Id).Arguments
            $before = Get-BackupArns
            { Backup-RestoreState @arguments @Aws -Confirm:$false } | Should -Throw -ErrorId "$Id,AuroraRestore.Cmdlets.BackupRestoreStateCommand"
            Get-BackupArns | Should -Be $before
            Join-Path $TestDrive 'bad' | Should -Not -Exist
            Get-Content (Join-Path $TestDrive 'a-file') | Should -Be 'x'
        }
    }
}
