using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Scene;
using Xunit.Abstractions;

namespace ArrHost.Rendering.Tests.Gltf;

public sealed class GltfLoaderSampleTests(ITestOutputHelper output)
{
    /// <summary>Triangle counts from the samples' VERIFY.txt (computed by an independent Python script).</summary>
    private static readonly Lazy<Dictionary<string, long>> s_verifiedTriangles = new(() =>
    {
        var result = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(TestAssets.Sample("VERIFY.txt")))
        {
            var m = Regex.Match(line, @"^\[OK \] \./(\S+)\s.*\btriangles=(\d+)");
            if (m.Success) result[m.Groups[1].Value] = long.Parse(m.Groups[2].Value);
        }
        return result;
    });

    public static IEnumerable<object[]> AllModels() => TestAssets.AllModels();

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Load_EverySample_LoadsWithVerifiedTriangleCountAndSaneData(string relative)
    {
        var model = GltfLoader.Load(TestAssets.Sample(relative));

        Assert.True(s_verifiedTriangles.Value.TryGetValue(relative.Replace('\\', '/'), out long expected), "no VERIFY.txt entry");
        Assert.Equal(expected, model.PrimitiveCount);
        Assert.NotEmpty(model.Nodes);
        Assert.True(model.BoundsMax.X >= model.BoundsMin.X && model.BoundsMax.Y >= model.BoundsMin.Y && model.BoundsMax.Z >= model.BoundsMin.Z);
        for (int i = 0; i < model.Nodes.Count; i++)
        {
            Assert.True(model.Nodes[i].Parent < i, "parents come before children");
            Assert.True(model.Nodes[i].Mesh < model.Meshes.Count);
        }
        foreach (var prim in model.Meshes.SelectMany(m => m.Primitives))
        {
            Assert.Equal(prim.VertexCount * 3, prim.Normals.Length);
            Assert.All(prim.Indices, i => Assert.True(i < prim.VertexCount));
            Assert.True(prim.Positions.All(float.IsFinite));
            Assert.True(prim.Material < model.Materials.Count);
            if (prim.Material >= 0 && model.Materials[prim.Material].NormalTexture.IsPresent)
                Assert.Equal(prim.VertexCount * 4, prim.Tangents?.Length);
        }
        foreach (var tex in model.Textures)
            Assert.Equal(tex.Width * tex.Height * 4, tex.Rgba.Length);
        output.WriteLine($"{relative}: {model.PrimitiveCount} triangles, {model.Meshes.Count} meshes, {model.Materials.Count} materials, {model.Textures.Count} textures, bounds {model.BoundsMin} .. {model.BoundsMax}, warnings: {string.Join("; ", model.Warnings)}");
    }

    [Theory]
    [InlineData("Box/glTF/Box.gltf")]
    [InlineData("DamagedHelmet/glTF-Binary/DamagedHelmet.glb")]
    [InlineData("FlightHelmet/glTF/FlightHelmet.gltf")]
    [InlineData("MorphStressTest/glTF/MorphStressTest.gltf")]
    [InlineData("AlphaBlendModeTest/glTF-Binary/AlphaBlendModeTest.glb")]
    public void Load_Sample_MaterialAndTextureCountsMatchJson(string relative)
    {
        string path = TestAssets.Sample(relative);
        var model = GltfLoader.Load(path);

        // Independently from the JSON: materials, and distinct textures that materials reference.
        using var doc = JsonDocument.Parse(ReadJson(path));
        var root = doc.RootElement;
        int materials = root.TryGetProperty("materials", out var mats) ? mats.GetArrayLength() : 0;
        var textures = new HashSet<int>();
        if (materials > 0)
            foreach (var mat in mats.EnumerateArray()) CollectTextureIndices(mat, textures);
        Assert.Equal(materials, model.Materials.Count);
        Assert.Equal(textures.Count, model.Textures.Count);
    }

    private static void CollectTextureIndices(JsonElement el, HashSet<int> into)
    {
        if (el.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in el.EnumerateObject())
            {
                if (p.Name.EndsWith("Texture", StringComparison.Ordinal) && p.Value.TryGetProperty("index", out var i)) into.Add(i.GetInt32());
                else CollectTextureIndices(p.Value, into);
            }
        }
    }

    private static byte[] ReadJson(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!path.EndsWith(".glb", StringComparison.Ordinal)) return bytes;
        int length = BitConverter.ToInt32(bytes, 12);
        return bytes.AsSpan(20, length).ToArray();
    }

    [Fact]
    public void Load_Box_Has12TrianglesOneMaterialAndNodeMatrix()
    {
        var model = GltfLoader.Load(TestAssets.Sample("Box/glTF/Box.gltf"));
        Assert.Equal(12, model.PrimitiveCount);
        Assert.Single(model.Materials);
        Assert.Empty(model.Textures);
        Assert.Equal(2, model.Nodes.Count);
        Assert.Equal(0, model.Nodes[1].Parent);
        // Root node matrix turns Z-up into Y-up: the unit cube stays a unit cube centred at the origin.
        Assert.Equal(new Vector3(-0.5f), model.BoundsMin, new Vector3Comparer(1e-5f));
        Assert.Equal(new Vector3(0.5f), model.BoundsMax, new Vector3Comparer(1e-5f));
    }

    [Theory]
    [InlineData("Box/glTF-Binary/Box.glb")]
    [InlineData("Box/glTF-Embedded/Box.gltf")]
    [InlineData("BoxInterleaved/glTF-Binary/BoxInterleaved.glb")]
    public void Load_BoxVariant_GeometryIdenticalToSeparateFiles(string relative)
    {
        var reference = GltfLoader.Load(TestAssets.Sample("Box/glTF/Box.gltf"));
        var other = GltfLoader.Load(TestAssets.Sample(relative));
        var a = reference.Meshes.Single().Primitives.Single();
        var b = other.Meshes.Single().Primitives.Single();
        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(a.Normals, b.Normals);
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(reference.Nodes.Select(n => n.WorldMatrix), other.Nodes.Select(n => n.WorldMatrix));
        Assert.Equal(reference.Materials[0].BaseColorFactor, other.Materials[0].BaseColorFactor);
    }

    [Fact]
    public void Load_SimpleSparseAccessor_SparseValuesApplied()
    {
        var model = GltfLoader.Load(TestAssets.Sample("SimpleSparseAccessor/glTF-Embedded/SimpleSparseAccessor.gltf"));
        var p = model.Meshes[0].Primitives[0].Positions;
        var points = Enumerable.Range(0, p.Length / 3).Select(i => new Vector3(p[i * 3], p[i * 3 + 1], p[i * 3 + 2])).ToHashSet();
        // Sparse indices 8, 10, 12 move (1,1,0), (3,1,0), (5,1,0) to (1,2,0), (3,3,0), (5,4,0).
        Assert.Contains(new Vector3(1, 2, 0), points);
        Assert.Contains(new Vector3(3, 3, 0), points);
        Assert.Contains(new Vector3(5, 4, 0), points);
        Assert.DoesNotContain(new Vector3(3, 1, 0), points);
        Assert.Contains(new Vector3(2, 1, 0), points);
        Assert.Equal(4f, model.BoundsMax.Y);
    }

    [Fact]
    public void Load_BoxTextured_DecodesPngWithSampler()
    {
        var model = GltfLoader.Load(TestAssets.Sample("BoxTextured/glTF/BoxTextured.gltf"));
        var tex = Assert.Single(model.Textures);
        Assert.Equal((256, 256), (tex.Width, tex.Height));
        Assert.True(tex.IsSrgb);
        Assert.Equal(0, model.Materials[0].BaseColorTexture.Texture);
        Assert.NotNull(model.Meshes[0].Primitives[0].TexCoords0);
        Assert.Contains(tex.Rgba, b => b != tex.Rgba[0]);
    }

    [Fact]
    public void Load_DamagedHelmet_JpegTexturesAndGeneratedTangents()
    {
        var model = GltfLoader.Load(TestAssets.Sample("DamagedHelmet/glTF-Binary/DamagedHelmet.glb"));
        Assert.Equal(5, model.Textures.Count);
        var mat = model.Materials[0];
        Assert.True(mat.NormalTexture.IsPresent && mat.EmissiveTexture.IsPresent && mat.OcclusionTexture.IsPresent);
        Assert.True(model.Textures[mat.BaseColorTexture.Texture].IsSrgb);
        Assert.False(model.Textures[mat.NormalTexture.Texture].IsSrgb);
        var prim = model.Meshes[0].Primitives[0];
        Assert.NotNull(prim.Tangents);
        for (int v = 0; v < prim.VertexCount; v += 97)
        {
            var n = new Vector3(prim.Normals[v * 3], prim.Normals[v * 3 + 1], prim.Normals[v * 3 + 2]);
            var t = new Vector3(prim.Tangents![v * 4], prim.Tangents[v * 4 + 1], prim.Tangents[v * 4 + 2]);
            Assert.InRange(t.Length(), 0.99f, 1.01f);
            Assert.InRange(MathF.Abs(Vector3.Dot(n, t)), 0f, 0.02f);
            Assert.Equal(1f, MathF.Abs(prim.Tangents[v * 4 + 3]));
        }
    }

    [Fact]
    public void Load_CesiumMan_SkinRestPoseIsAStandingFigure()
    {
        var model = GltfLoader.Load(TestAssets.Sample("CesiumMan/glTF-Binary/CesiumMan.glb"));
        var size = model.BoundsMax - model.BoundsMin;
        output.WriteLine($"CesiumMan bounds {model.BoundsMin} .. {model.BoundsMax}");
        Assert.InRange(size.Y, 1.3f, 1.7f);
        Assert.True(size.X < size.Y && size.Z < size.Y, "taller than wide");
        Assert.InRange(model.BoundsMin.Y, -0.1f, 0.1f);
    }

    [Theory]
    [InlineData("Fox/glTF-Binary/Fox.glb")]
    [InlineData("RiggedFigure/glTF/RiggedFigure.gltf")]
    [InlineData("SimpleSkin/glTF-Embedded/SimpleSkin.gltf")]
    public void Load_SkinnedSample_RestPoseBoundsSensible(string relative)
    {
        var model = GltfLoader.Load(TestAssets.Sample(relative));
        var size = model.BoundsMax - model.BoundsMin;
        output.WriteLine($"{relative} bounds {model.BoundsMin} .. {model.BoundsMax}");
        Assert.True(size.Length() > 0.1f && size.Length() < 1000f);
    }

    [Fact]
    public void Load_FlightHelmetFromDisk_PrintsLoadTime()
    {
        string path = TestAssets.Sample("FlightHelmet/glTF/FlightHelmet.gltf");
        var cold = Stopwatch.StartNew();
        GltfLoader.Load(path); // first load in this process (may include JIT and library loading)
        cold.Stop();
        var times = new List<double>();
        ModelData? model = null;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            model = GltfLoader.Load(path);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"FlightHelmet load (disk -> ModelData, {model!.Textures.Count} textures, {model.PrimitiveCount} triangles): median {times[1]:F1} ms, min {times[0]:F1} ms, first {cold.Elapsed.TotalMilliseconds:F1} ms, on {Environment.ProcessorCount} cores");
        Console.WriteLine($"[gltf-bench] FlightHelmet load median {times[1]:F1} ms");
        Assert.Equal(94722, model.PrimitiveCount);
    }
}

internal sealed class Vector3Comparer(float tolerance) : IEqualityComparer<Vector3>
{
    public bool Equals(Vector3 a, Vector3 b) => Vector3.Distance(a, b) <= tolerance;
    public int GetHashCode(Vector3 v) => 0;
}
