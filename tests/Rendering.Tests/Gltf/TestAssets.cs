namespace ArrHost.Rendering.Tests.Gltf;

/// <summary>Paths of the shared Khronos samples: ../shared/gltf-samples next to the repository (found by walking up to ArrHost.sln).</summary>
internal static class TestAssets
{
    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) return dir.FullName;
        throw new InvalidOperationException("ArrHost.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Samples => Path.GetFullPath(Path.Combine(s_repoRoot.Value, "..", "shared", "gltf-samples"));

    public static string Sample(string relative) => Path.Combine(Samples, relative);

    /// <summary>Every .gltf/.glb under the samples folder, relative to it.</summary>
    public static IEnumerable<object[]> AllModels() =>
        Directory.EnumerateFiles(Samples, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".gltf", StringComparison.Ordinal) || f.EndsWith(".glb", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}"))
            .Select(f => Path.GetRelativePath(Samples, f))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f });
}
