namespace ArrHost.Rendering.Tests;

/// <summary>The Khronos sample models in ../shared beside the repository (read in place, never copied into it).</summary>
internal static class SharedSamples
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ArrHost.sln"))) dir = Path.GetDirectoryName(dir);
        var root = dir is null ? null : Path.GetFullPath(Path.Combine(dir, "..", "shared", "gltf-samples"));
        return root is not null && Directory.Exists(root)
            ? root
            : throw new DirectoryNotFoundException("../shared/gltf-samples beside the repository is missing");
    }
}
