namespace ArrHost.Tooling.CommandLine;

/// <summary>The checkout arr runs from: the first folder holding ArrHost.sln above the current folder or arr's own.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository root, or the current folder when arr runs outside a checkout.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
