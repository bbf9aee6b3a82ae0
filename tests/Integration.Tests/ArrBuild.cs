namespace ArrHost.Integration.Tests;

/// <summary>The repository root and the arr.dll built in the same configuration as this test assembly.</summary>
internal static class ArrBuild
{
    /// <summary>The build configuration of this test assembly (and so of everything `./arr` built beside it).</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static (string Root, string ArrDll) Locate()
    {
        var config = Configuration;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ArrHost.sln")))
            {
                var arr = Path.Combine(d.FullName, "src", "Cli", "bin", config, "net10.0", "arr.dll");
                Assert.True(File.Exists(arr), $"{arr} is not built (./arr setup builds it)");
                return (d.FullName, arr);
            }
        }

        throw new InvalidOperationException("ArrHost.sln not found above " + AppContext.BaseDirectory);
    }
}
