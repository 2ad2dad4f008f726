using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Migrations;
using Xunit;

namespace AuroraRestore.Tests.Migrations
{
    public sealed class MigrationCatalogTests
    {
        [Theory]
        [InlineData("1.0.0", "2.0.0", new[] { 1, 2 })]
        [InlineData("1.0", "3.0.0", new[] { 1, 2, 3 })]
        [InlineData("1.0.x", "3", new[] { 1, 2, 3 })]
        [InlineData("3.0.0", "1.0.0", new[] { 3, 2, 1 })]
        [InlineData("3.0.2", "2.0.0", new[] { 3, 2 })]
        public void Paths_walk_the_edges_in_order(string from, string to, int[] versions)
        {
            var path = MigrationCatalog.Default.PathBetween(from, to);
            Assert.Equal(versions, path.Versions);
            Assert.Equal(versions.Length - 1, path.Steps.Count);
            Assert.All(path.Steps, s => Assert.Equal(versions[0] < versions[^1] ? MigrationDirection.Up : MigrationDirection.Down, s.Direction));
        }

        [Theory]
        [InlineData("1.0.0", "4.0.0")]
        [InlineData("0.9.0", "2.0.0")]
        [InlineData("2.0.0", "2.0.1")]
        [InlineData("1.1.0", "2.0.0")]
        [InlineData("latest", "2.0.0")]
        [InlineData("", "2.0.0")]
        public void Unknown_edges_are_refused(string from, string to)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => MigrationCatalog.Default.PathBetween(from, to));
            Assert.Equal("UnknownMigrationEdge", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        [Fact]
        public void Only_the_2_to_3_edge_converts_the_configuration()
        {
            var edges = MigrationCatalog.Default.Edges;
            Assert.Null(edges.Single(e => e.FromVersion == 1).Configuration);
            Assert.NotNull(edges.Single(e => e.FromVersion == 2).Configuration);
        }
    }
}
