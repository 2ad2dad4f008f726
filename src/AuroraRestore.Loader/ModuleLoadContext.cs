using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AuroraRestore.Loader
{
    /// <summary>
    /// The load context that keeps AuroraRestore's dependencies (AWSSDK.*, System.IO.Hashing, ...) apart from whatever
    /// the session already holds, such as the AWSSDK.Core of AWS.Tools. AuroraRestore.dll and everything it ships
    /// are loaded from the module's <c>dependencies/</c> folder into this context; PowerShell's own assemblies and the
    /// .NET shared framework are left to the default context, so the cmdlets bind to the session's
    /// System.Management.Automation and exchange framework types (string, Task, ...) with it.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        /// <summary>The name every instance carries; tests and users see it in AssemblyLoadContext.GetLoadContext(...).Name.</summary>
        public const string ContextName = "AuroraRestore";

        // One context per dependencies folder: Import-Module -Force runs the psm1 again, and a second context would load
        // a second copy of AuroraRestore.dll whose types are strangers to the objects the first copy already emitted.
        private static readonly ConcurrentDictionary<string, ModuleLoadContext> Contexts = new ConcurrentDictionary<string, ModuleLoadContext>(StringComparer.Ordinal);

        private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;

        private ModuleLoadContext(string dependencyDirectory)
            : base(ContextName, isCollectible: false)
        {
            DependencyDirectory = dependencyDirectory;
        }

        /// <summary>The folder this context loads from.</summary>
        public string DependencyDirectory { get; }

        /// <summary>
        /// Loads <paramref name="assemblyName"/> (AuroraRestore) from <paramref name="dependencyDirectory"/> into the
        /// context for that folder, creating the context on first use. Returns the same assembly on every call.
        /// </summary>
        public static Assembly LoadModuleAssembly(string dependencyDirectory, string assemblyName)
        {
            if (string.IsNullOrEmpty(dependencyDirectory))
            {
                throw new ArgumentException("The dependencies folder is required.", nameof(dependencyDirectory));
            }

            if (string.IsNullOrEmpty(assemblyName))
            {
                throw new ArgumentException("The assembly name is required.", nameof(assemblyName));
            }

            var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dependencyDirectory));
            var path = Path.Combine(directory, assemblyName + ".dll");
            if (!File.Exists(path))
            {
                // The module folder is incomplete (a partial copy, a failed install): say which file is missing.
                throw new FileNotFoundException($"AuroraRestore cannot load: {path} is missing. Reinstall the module.", path);
            }

            var context = Contexts.GetOrAdd(directory, d => new ModuleLoadContext(d));
            return context.LoadFromAssemblyName(new AssemblyName(assemblyName));
        }

        /// <summary>
        /// Whether the module was already loaded from <paramref name="dependencyDirectory"/> in this process: true when
        /// the module is imported again (Import-Module -Force, or after Remove-Module).
        /// </summary>
        public static bool IsLoaded(string dependencyDirectory)
            => !string.IsNullOrEmpty(dependencyDirectory)
               && Contexts.ContainsKey(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dependencyDirectory)));

        /// <summary>Decides where a reference of an assembly in this context comes from.</summary>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            if (string.IsNullOrEmpty(name) || SharedWithSession(name))
            {
                return null;
            }

            var path = Path.Combine(DependencyDirectory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>Native libraries (none today; Npgsql and friends are managed) come from dependencies/ too.</summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = Path.Combine(DependencyDirectory, unmanagedDllName);
            return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
        }

        /// <summary>
        /// PowerShell's assemblies must be the session's own (a second System.Management.Automation would make the
        /// cmdlets strangers to the engine), and framework assemblies must be the runtime's (types cross the boundary).
        /// </summary>
        public static bool SharedWithSession(string name)
            => name.Equals("System.Management.Automation", StringComparison.OrdinalIgnoreCase)
               || name.StartsWith("Microsoft.PowerShell.", StringComparison.OrdinalIgnoreCase)
               || name.Equals("netstandard", StringComparison.OrdinalIgnoreCase)
               || name.Equals("mscorlib", StringComparison.OrdinalIgnoreCase)
               || File.Exists(Path.Combine(FrameworkDirectory, name + ".dll"));
    }
}
