using System;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using Xunit;

namespace AuroraRestore.Tests.Backups
{
    public sealed class BackupNamesTests
    {
        [Fact]
        public void The_default_name_is_the_environment_and_the_utc_time()
        {
            var now = new DateTimeOffset(2026, 3, 4, 23, 5, 6, TimeSpan.FromHours(-5));
            Assert.Equal("staging-20260305-040506", BackupNames.Default(PipelineEnvironment.Named("staging"), now));
            Assert.Equal("staging-20260305-040506-before-restore-20260305-040506", BackupNames.Safety("staging-20260305-040506", now));
        }

        [Theory]
        [InlineData("production-20260101-120000")]
        [InlineData("pre-upgrade-backup")]
        [InlineData("Before_3.0")]
        public void Good_names_pass(string name) => Assert.Equal(name, BackupNames.Validate(name));

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("ab")]
        [InlineData("../escape")]
        [InlineData(".hidden")]
        [InlineData("a/b")]
        [InlineData("with space")]
        [InlineData("ünïcode")]
        public void Bad_names_are_refused_as_InvalidBackupName(string? name)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => BackupNames.Validate(name));
            Assert.Equal("InvalidBackupName", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void Names_longer_than_the_limit_are_refused()
        {
            Assert.True(BackupNames.IsValid(new string('a', BackupNames.MaxLength)));
            Assert.False(BackupNames.IsValid(new string('a', BackupNames.MaxLength + 1)));
        }
    }
}
