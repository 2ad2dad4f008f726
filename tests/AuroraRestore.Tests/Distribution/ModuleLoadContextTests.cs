using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AuroraRestore.Aws;
using AuroraRestore.Loader;
using Xunit;

namespace AuroraRestore.Tests.Distribution
{
    /// <summary>
    /// The loader gives AuroraRestore.dll and its AWS SDK a load context of their own. The test host already holds
    /// AuroraRestore and AWSSDK.Core in the default context (the project reference), which is exactly the situation of a
    /// session with AWS.Tools loaded: the isolated copies must be other assemblies, from the module's folder.
    /// </summary>
    public sealed class ModuleLoadContextTests : IDisposable
    {
        private readonly string dependencies = Path.Combine(Path.GetTempPath(), "ar-loader-" + Guid.NewGuid().ToString("N"), "dependencies");

        public ModuleLoadContextTests()
        {
            Directory.CreateDirectory(dependencies);
            foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
                .Where(f => Path.GetFileName(f) is var name && (name == "AuroraRestore.dll" || name.StartsWith("AWSSDK.", StringComparison.Ordinal) || name == "System.IO.Hashing.dll")))
            {
                File.Copy(file, Path.Combine(dependencies, Path.GetFileName(file)));
            }
        }

        [Fact]
        public void LoadsTheModuleAndItsAwsSdkFromTheDependencyFolderIntoTheirOwnContext()
        {
            var module = ModuleLoadContext.LoadModuleAssembly(dependencies, "AuroraRestore");

            Assert.NotSame(typeof(AwsContext).Assembly, module);
            Assert.Equal(ModuleLoadContext.ContextName, AssemblyLoadContext.GetLoadContext(module)!.Name);
            Assert.Equal(Path.Combine(dependencies, "AuroraRestore.dll"), module.Location);

            // AWSSDK.Core, as the isolated AuroraRestore sees it: another assembly than the default context's, from dependencies/.
            var isolatedCore = module.GetType("AuroraRestore.Aws.AwsContext", throwOnError: true)!.GetProperty("Credentials")!.PropertyType.Assembly;
            var defaultCore = typeof(Amazon.Runtime.AWSCredentials).Assembly;
            Assert.NotSame(defaultCore, isolatedCore);
            Assert.Equal("AWSSDK.Core", isolatedCore.GetName().Name);
            Assert.Equal(ModuleLoadContext.ContextName, AssemblyLoadContext.GetLoadContext(isolatedCore)!.Name);
            Assert.Equal(Path.Combine(dependencies, "AWSSDK.Core.dll"), isolatedCore.Location);
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(defaultCore));
        }

        [Fact]
        public void FrameworkTypesAreSharedSoObjectsCrossTheBoundary()
        {
            var module = ModuleLoadContext.LoadModuleAssembly(dependencies, "AuroraRestore");
            var environmentType = module.GetType("AuroraRestore.Pipelines.PipelineEnvironment", throwOnError: true)!;

            var staging = environmentType.GetMethod("Named")!.Invoke(null, new object[] { "staging" });
            var mainStack = environmentType.GetProperty("MainStackName")!.GetValue(staging);

            Assert.Equal("aurora-restore-pipeline-staging", Assert.IsType<string>(mainStack));
            Assert.Same(typeof(string), environmentType.GetProperty("MainStackName")!.PropertyType);
        }

        [Fact]
        public void LoadingTwiceFromOneFolderGivesTheSameAssembly()
        {
            // Import-Module -Force runs the psm1 again: a second copy would make earlier output objects strangers.
            Assert.False(ModuleLoadContext.IsLoaded(dependencies));
            var first = ModuleLoadContext.LoadModuleAssembly(dependencies, "AuroraRestore");
            Assert.True(ModuleLoadContext.IsLoaded(dependencies + Path.DirectorySeparatorChar));
            var second = ModuleLoadContext.LoadModuleAssembly(dependencies + Path.DirectorySeparatorChar + "." + Path.DirectorySeparatorChar, "AuroraRestore");

            Assert.Same(first, second);
        }

        [Fact]
        public void AMissingModuleAssemblyIsNamedInTheError()
        {
            var empty = Path.Combine(Path.GetDirectoryName(dependencies)!, "empty");
            Directory.CreateDirectory(empty);

            var error = Assert.Throws<FileNotFoundException>(() => ModuleLoadContext.LoadModuleAssembly(empty, "AuroraRestore"));

            Assert.Equal(Path.Combine(empty, "AuroraRestore.dll"), error.FileName);
            Assert.Contains("Reinstall", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("System.Management.Automation", true)]
        [InlineData("Microsoft.PowerShell.Commands.Utility", true)]
        [InlineData("System.Runtime", true)]
        [InlineData("System.Text.Json", true)]
        [InlineData("netstandard", true)]
        [InlineData("AWSSDK.Core", false)]
        [InlineData("AuroraRestore", false)]
        [InlineData("System.IO.Hashing", false)]
        public void PowerShellAndFrameworkAssembliesAreLeftToTheSession(string name, bool shared)
            => Assert.Equal(shared, ModuleLoadContext.SharedWithSession(name));

        public void Dispose()
        {
            // The isolated context is not collectible (PowerShell holds its types for the session): the files stay
            // loaded, and only the folder of the empty case and unused copies can go.
            try
            {
                Directory.Delete(Path.GetDirectoryName(dependencies)!, recursive: true);
            }
            catch (UnauthorizedAccessException)
            {
            }
            catch (IOException)
            {
            }
        }
    }
}
