using System.Diagnostics;
using System.Numerics;
using ArrHost.Rendering.Gltf;

namespace ArrHost.Rendering.Tests.Gltf;

/// <summary>
/// assets/models is the render hosts' default asset root: what it holds is made by
/// tools/models/make_models.py and must load, and must be what that script writes today.
/// </summary>
public sealed class ProjectModelTests
{
    private static readonly string s_root = FindRoot();

    [Fact]
    public void Load_ColorCube_TwelveTrianglesWithPositionColoursInAUnitCube()
    {
        var model = GltfLoader.Load(Path.Combine(s_root, "assets", "models", "color-cube.glb"));

        Assert.Equal(12, model.PrimitiveCount);
        Assert.Empty(model.Warnings);
        Assert.Equal(new Vector3(-0.5f), model.BoundsMin);
        Assert.Equal(new Vector3(0.5f), model.BoundsMax);
        var prim = Assert.Single(Assert.Single(model.Meshes).Primitives);
        Assert.Equal(24, prim.VertexCount);
        Assert.NotNull(prim.Colors);
        for (var v = 0; v < prim.VertexCount; v++)
        {
            // Each corner's colour is its position mapped from [-0.5, 0.5] to [0, 1], opaque.
            for (var c = 0; c < 3; c++) Assert.Equal(prim.Positions[v * 3 + c] + 0.5f, prim.Colors![v * 4 + c]);
            Assert.Equal(1f, prim.Colors![v * 4 + 3]);
        }
    }

    [Fact]
    public async Task MakeModels_Check_CommittedModelsMatchTheGenerator()
    {
        var info = new ProcessStartInfo("python3", ["tools/models/make_models.py", "--check"])
        {
            WorkingDirectory = s_root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "make_models.py --check did not finish");
        Assert.True(p.ExitCode == 0, error + await output);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) return dir.FullName;
        throw new InvalidOperationException("ArrHost.sln not found above " + AppContext.BaseDirectory);
    }
}
