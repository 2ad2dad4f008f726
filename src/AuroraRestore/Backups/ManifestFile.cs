namespace AuroraRestore.Backups
{
    /// <summary>One exported file of a backup set, as the manifest lists it.</summary>
    public sealed class ManifestFile
    {
        public ManifestFile(string name, string sha256, long size)
        {
            Name = name;
            Sha256 = sha256;
            Size = size;
        }

        /// <summary>The file name within the set (main-stack.template, functions.json, ...).</summary>
        public string Name { get; }

        /// <summary>SHA-256 of the file's bytes, 64 lower-case hex digits.</summary>
        public string Sha256 { get; }

        public long Size { get; }
    }
}
