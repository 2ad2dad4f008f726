using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Versions
{
    public sealed class CompatibilityMatrixTests
    {
        private static CompatibilityMatrix Matrix => PipelineVersionCatalog.Default.Matrix;

        [Fact]
        public void The_edges_are_the_guides_direct_upgrades()
        {
            Assert.Equal(new[] { "1.0.0 -> 2.0.0", "2.0.0 -> 3.0.0" }, Matrix.Edges.Select(e => e.ToString()));
        }

        [Fact]
        public void One_to_two_is_one_hop_that_needs_the_schema_update()
        {
            var hop = Assert.Single(Matrix.PathBetween("1.0.0", "2.0.0", allowMultiHop: false));

            Assert.Equal("1.0.0", hop.From);
            Assert.Equal("2.0.0", hop.To);
            Assert.Equal("Requires DynamoDB schema update", hop.Notes);
            Assert.False(hop.IamStackFirst);
        }

        [Fact]
        public void Two_to_three_is_one_hop_that_updates_IAM_first()
        {
            var hop = Assert.Single(Matrix.PathBetween("2.0.x", "3.0.x", allowMultiHop: false));

            Assert.Equal("2.0.0 -> 3.0.0", hop.ToString());
            Assert.Equal("IAM permission changes required", hop.Notes);
            Assert.True(hop.IamStackFirst);
        }

        [Theory]
        [InlineData("1.0.0", "3.0.0")]
        [InlineData("1.0.x", "3.0.x")]
        [InlineData("1.0", "3.0")]
        public void One_to_three_goes_through_two(string from, string to)
        {
            var path = Matrix.PathBetween(from, to);

            Assert.Equal(new[] { "1.0.0 -> 2.0.0", "2.0.0 -> 3.0.0" }, path.Select(h => h.ToString()));
            Assert.Equal(new[] { "Requires DynamoDB schema update", "IAM permission changes required" }, path.Select(h => h.Notes));
        }

        [Theory]
        [InlineData("1.0.0", "1.0.x")]
        [InlineData("3.0.0", "3.0.0")]
        public void The_same_version_needs_no_hop(string from, string to)
        {
            Assert.Empty(Matrix.PathBetween(from, to));
            Assert.Empty(Matrix.RollbackPathBetween(from, to));
        }

        [Fact]
        public void One_to_three_without_multi_hop_is_refused_and_says_to_upgrade_to_two_first()
        {
            var error = Assert.Throws<AuroraRestoreException>(() => Matrix.PathBetween("1.0.0", "3.0.0", allowMultiHop: false));

            AssertUnsupported(error, "1.0.0 -> 3.0.0");
            Assert.Contains("must upgrade to 2.0.x first (1.0.0 -> 2.0.0 -> 3.0.0)", error.Message);
        }

        [Theory]
        [InlineData("2.0.0", "1.0.0", "downgrade")]
        [InlineData("3.0.x", "1.0.x", "downgrade")]
        [InlineData("4.0.0", "3.0.0", "'4.0.0' is not a known pipeline version")]
        [InlineData("1.0.0", "9.9", "'9.9' is not a known pipeline version")]
        [InlineData("1.0.0", "", "'' is not a known pipeline version")]
        public void Downgrades_and_unknown_versions_are_refused(string from, string to, string problem)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => Matrix.PathBetween(from, to));

            AssertUnsupported(error, $"{from} -> {to}");
            Assert.Contains(problem, error.Message);
        }

        [Fact]
        public void A_rollback_walks_the_upgrade_path_backwards()
        {
            var path = Matrix.RollbackPathBetween("3.0.0", "1.0.0");

            Assert.Equal(new[] { "3.0.0 -> 2.0.0", "2.0.0 -> 1.0.0" }, path.Select(h => h.ToString()));
            Assert.Equal(new[] { "IAM permission changes required", "Requires DynamoDB schema update" }, path.Select(h => h.Notes));
            Assert.True(path[0].IamStackFirst);
        }

        [Theory]
        [InlineData("1.0.0", "2.0.0", "is an upgrade")]
        [InlineData("5.0.0", "1.0.0", "'5.0.0' is not a known pipeline version")]
        public void A_rollback_upwards_or_from_an_unknown_version_is_refused(string from, string to, string problem)
        {
            var error = Assert.Throws<AuroraRestoreException>(() => Matrix.RollbackPathBetween(from, to));

            Assert.Equal("UnsupportedRollbackPath", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Contains(problem, error.Message);
        }

        [Fact]
        public void Supported_paths_list_the_direct_edges_and_the_multi_hop_path()
        {
            Assert.Equal(
                new[]
                {
                    "1.0.0 -> 2.0.0 (direct: Requires DynamoDB schema update)",
                    "2.0.0 -> 3.0.0 (direct: IAM permission changes required)",
                    "1.0.0 -> 3.0.0 (through 2.0.0)",
                },
                Matrix.DescribeSupportedPaths());
        }

        [Fact]
        public void Versions_without_a_connecting_edge_have_no_path()
        {
            var matrix = new CompatibilityMatrix(new[] { "1.0.0", "2.0.0", "3.0.0" }, new[] { new UpgradeHop("1.0.0", "2.0.0", "n", false) });

            var error = Assert.Throws<AuroraRestoreException>(() => matrix.PathBetween("2.0.0", "3.0.0"));

            Assert.Equal("UnsupportedUpgradePath", error.ErrorId);
            Assert.Equal("There is no upgrade path from 2.0.0 to 3.0.0. Supported upgrade paths: 1.0.0 -> 2.0.0 (direct: n).", error.Message);
        }

        private static void AssertUnsupported(AuroraRestoreException error, string target)
        {
            Assert.Equal("UnsupportedUpgradePath", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Equal(target, error.Target);
            Assert.Contains("Supported upgrade paths: 1.0.0 -> 2.0.0 (direct: Requires DynamoDB schema update); 2.0.0 -> 3.0.0 (direct: IAM permission changes required); 1.0.0 -> 3.0.0 (through 2.0.0).", error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }
    }
}
