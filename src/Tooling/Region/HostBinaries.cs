namespace ArrHost.Tooling.Region;

/// <summary>
/// Finds the programs a tool starts (arr-controlplane, arr-renderhost, arr-bench) as built assemblies, without
/// project references between executables: in $ARR_BIN_DIR (a folder holding them, or a checkout), next to the
/// running tool (a published folder), or in the checkout's build output (src/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0,
/// the running tool's own configuration first). A checkout is found above the running tool, or is $ARR_BIN_DIR: so
/// `arr` installed as a dotnet tool runs a region with ARR_BIN_DIR=/path/to/checkout.
/// </summary>
public static class HostBinaries
{
    /// <summary>A folder holding all the programs (e.g. a `dotnet publish` output) or a built checkout; looked in first.</summary>
    public const string DirectoryVariable = "ARR_BIN_DIR";

    private static readonly Dictionary<string, string> s_projects = new(StringComparer.Ordinal)
    {
        ["arr-controlplane.dll"] = "ControlPlane",
        ["arr-renderhost.dll"] = "RenderHost",
        ["arr-bench.dll"] = "Bench",
        ["arr.dll"] = "Cli",
    };

    /// <summary>The full path of <paramref name="assembly"/> (e.g. "arr-renderhost.dll").</summary>
    /// <exception cref="FileNotFoundException">It is in none of the places; the message lists them.</exception>
    public static string Locate(string assembly) => Locate(assembly, AppContext.BaseDirectory, Environment.GetEnvironmentVariable);

    public static string Locate(string assembly, string baseDirectory, Func<string, string?> env)
    {
        var candidates = Candidates(assembly, baseDirectory, env).ToList();
        foreach (var path in candidates)
        {
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException(
            $"{assembly} was not found; looked in: {string.Join(", ", candidates.Select(Path.GetDirectoryName).Distinct())}. Build it with ./arr setup, or set ${DirectoryVariable} to the folder that holds it.",
            assembly);
    }

    private static IEnumerable<string> Candidates(string assembly, string baseDirectory, Func<string, string?> env)
    {
        if (env(DirectoryVariable) is { Length: > 0 } dir) yield return Path.Combine(dir, assembly);
        yield return Path.Combine(baseDirectory, assembly);
        if (!s_projects.TryGetValue(assembly, out var project)) yield break;

        // baseDirectory is .../src/<Tool>/bin/<Configuration>/<tfm>/ in a checkout.
        var tfmDir = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent?.Name;
        var tfm = tfmDir.Name.StartsWith("net", StringComparison.Ordinal) ? tfmDir.Name : "net10.0";
        var starts = new List<string> { baseDirectory };
        if (env(DirectoryVariable) is { Length: > 0 } root) starts.Insert(0, root);
        foreach (var start in starts)
        {
            for (var d = new DirectoryInfo(start.TrimEnd(Path.DirectorySeparatorChar)); d is not null; d = d.Parent)
            {
                if (!File.Exists(Path.Combine(d.FullName, "ArrHost.sln"))) continue;
                var bin = Path.Combine(d.FullName, "src", project, "bin");
                foreach (var config in new[] { configuration, "Release", "Debug" }.Where(c => c is "Release" or "Debug").Distinct())
                {
                    yield return Path.Combine(bin, config!, tfm, assembly);
                }

                break;
            }
        }
    }
}
