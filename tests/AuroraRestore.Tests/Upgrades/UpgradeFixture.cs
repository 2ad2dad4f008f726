using System;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>The test classes that share <see cref="UpgradeFixture"/> (they run one after the other).</summary>
    [CollectionDefinition(Name)]
    public sealed class InstalledPipelinesCollection : ICollectionFixture<UpgradeFixture>
    {
        public const string Name = "Installed pipelines";
    }

    /// <summary>One moto server with two installed environments that the refusal and planner tests share (they must change nothing): 1.0.0 and 2.0.0.</summary>
    public sealed class UpgradeFixture : IAsyncLifetime, IDisposable
    {
        public UpgradeFixture()
        {
            Moto = new MotoServer();
            Bed = new UpgradeTestBed(Moto);
        }

        public MotoServer Moto { get; }

        public UpgradeTestBed Bed { get; }

        /// <summary>Pipeline 1.0.0 with items.</summary>
        public PipelineEnvironment V1 { get; private set; } = null!;

        /// <summary>Pipeline 2.0.0 with items.</summary>
        public PipelineEnvironment V2 { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            V1 = await Bed.InstallAsync("refuse", "1.0.0");
            V2 = await Bed.InstallAsync("refusetwo", "2.0.0");
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            Bed.Dispose();
            Moto.Dispose();
        }
    }
}
