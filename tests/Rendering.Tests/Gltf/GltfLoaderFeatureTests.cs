using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json.Nodes;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Scene;
using static ArrHost.Rendering.Tests.Gltf.GltfTestBuilder;

namespace ArrHost.Rendering.Tests.Gltf;

public sealed class GltfLoaderFeatureTests
{
    private static readonly Vector3Comparer s_near = new(1e-5f);

    private static Vector3 V3(float[] a, int i) => new(a[i * 3], a[i * 3 + 1], a[i * 3 + 2]);

    [Fact]
    public void Load_NormalizedIntegerAttributes_MappedToFloatsPerSpec()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int uv = b.Accessor(b.View([0, 0, 255, 0, 128, 255, 0, 0]), U8, "VEC2", 3, normalized: true); // padded views: stride = element size 2
        var colorBytes = new byte[3 * 6];
        BinaryPrimitives.WriteUInt16LittleEndian(colorBytes.AsSpan(0), 65535);
        BinaryPrimitives.WriteUInt16LittleEndian(colorBytes.AsSpan(8), 32768);
        int color = b.Accessor(b.View(colorBytes), U16, "VEC3", 3, normalized: true);
        var normalBytes = new byte[] { 0, 0, 127, 0, 0, 0x81 /* -127 */, 0, 0, 0x80 /* -128 */ };
        int normal = b.Accessor(b.View(normalBytes), I8, "VEC3", 3, normalized: true);
        int mesh = b.Mesh(new JsonObject { ["POSITION"] = pos, ["TEXCOORD_0"] = uv, ["COLOR_0"] = color, ["NORMAL"] = normal });
        b.Node(new JsonObject { ["mesh"] = mesh });
        // Normalized byte normals are outside core glTF 2.0: they need KHR_mesh_quantization, declared as the specification asks.
        b.Root["extensionsUsed"] = new JsonArray("KHR_mesh_quantization");
        b.Root["extensionsRequired"] = new JsonArray("KHR_mesh_quantization");

        var prim = b.Load().Meshes[0].Primitives[0];

        Assert.Equal([0f, 0f, 1f, 0f, 128f / 255f, 1f], prim.TexCoords0!);
        Assert.Equal([1f, 0f, 0f, 1f, 0f, 32768f / 65535f, 0f, 1f, 0f, 0f, 0f, 1f], prim.Colors!);
        Assert.Equal([0f, 0f, 1f, 0f, 0f, -1f, 0f, 0f, -1f], prim.Normals);
    }

    [Fact]
    public void Load_MeshQuantizationRequired_ShortPositionsLoad()
    {
        var b = new GltfTestBuilder();
        var bytes = new byte[3 * 8];
        short[] values = [0, 0, 0, 0, 100, 0, 0, 0, 0, -3, 0, 0];
        for (int i = 0; i < 12; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        int pos = b.Accessor(b.View(bytes, stride: 8), I16, "VEC3", 3);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos }) });
        b.Root["extensionsUsed"] = new JsonArray("KHR_mesh_quantization");
        b.Root["extensionsRequired"] = new JsonArray("KHR_mesh_quantization");

        var model = b.Load();

        Assert.Equal(new Vector3(0, -3, 0), model.BoundsMin);
        Assert.Equal(new Vector3(100, 0, 0), model.BoundsMax);
        Assert.Empty(model.Warnings);
    }

    [Fact]
    public void Load_TriangleStripAndFan_ConvertedToListsWithSpecWinding()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 2, 1, 0);
        int nrm = b.Floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1);
        int strip = b.Mesh(new JsonObject { ["POSITION"] = pos, ["NORMAL"] = nrm }, b.Indices(U8, 0, 1, 2, 3), mode: 5);
        int fan = b.Mesh(new JsonObject { ["POSITION"] = pos, ["NORMAL"] = nrm }, mode: 6);
        b.Node(new JsonObject { ["mesh"] = strip });
        b.Node(new JsonObject { ["mesh"] = fan });

        var model = b.Load();

        Assert.Equal([0u, 1u, 2u, 1u, 3u, 2u], model.Meshes[0].Primitives[0].Indices);
        Assert.Equal([1u, 2u, 0u, 2u, 3u, 0u, 3u, 4u, 0u], model.Meshes[1].Primitives[0].Indices);
        Assert.Equal(5, model.PrimitiveCount);
    }

    [Fact]
    public void Load_PointsAndLines_SkippedWithWarning()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos }, mode: 1) });

        var model = b.Load();

        Assert.Empty(model.Meshes[0].Primitives);
        Assert.Contains(model.Warnings, w => w.Contains("LINES"));
    }

    [Fact]
    public void Load_NoNormals_FlatNormalsOnUnindexedVertices()
    {
        var model = Quad(withNormals: false).Load();
        var prim = model.Meshes[0].Primitives[0];

        Assert.Equal(6, prim.VertexCount);
        Assert.Equal([0u, 1u, 2u, 3u, 4u, 5u], prim.Indices);
        for (int v = 0; v < 6; v++) Assert.Equal(Vector3.UnitZ, V3(prim.Normals, v));
        Assert.Equal(12, prim.TexCoords0!.Length);
    }

    [Fact]
    public void Load_NormalMapWithoutTangents_TangentsGeneratedAlongU()
    {
        var b = Quad();
        b.Root["images"] = new JsonArray(new JsonObject { ["uri"] = "data:image/png;base64," + Convert.ToBase64String(Imaging.PngTestImages.Solid(2, 2, 128, 128, 255, 255)) });
        b.Root["textures"] = new JsonArray(new JsonObject { ["source"] = 0 });
        b.Root["materials"] = new JsonArray(new JsonObject { ["normalTexture"] = new JsonObject { ["index"] = 0 } });
        b.Root["meshes"]![0]!["primitives"]![0]!["material"] = 0;

        var model = b.Load();
        var prim = model.Meshes[0].Primitives[0];

        Assert.NotNull(prim.Tangents);
        for (int v = 0; v < prim.VertexCount; v++)
            Assert.Equal(new Vector4(1, 0, 0, 1), new Vector4(prim.Tangents![v * 4], prim.Tangents[v * 4 + 1], prim.Tangents[v * 4 + 2], prim.Tangents[v * 4 + 3]));
        Assert.False(model.Textures[0].IsSrgb);
    }

    [Fact]
    public void Load_MorphTargets_DefaultMeshWeightsAndNodeOverrideApplied()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int nrm = b.Floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1);
        int delta = b.Floats("VEC3", 0, 0, 2, 0, 0, 2, 0, 0, 2);
        var targets = new JsonArray(new JsonObject { ["POSITION"] = delta });
        int mesh = b.Mesh(new JsonObject { ["POSITION"] = pos, ["NORMAL"] = nrm }, targets: targets, weights: new JsonArray(0.5));
        b.Node(new JsonObject { ["mesh"] = mesh });
        b.Node(new JsonObject { ["mesh"] = mesh, ["weights"] = new JsonArray(1.0), ["translation"] = new JsonArray(10, 0, 0) });

        var model = b.Load();

        Assert.Equal(2, model.Meshes.Count); // one per distinct weight set
        Assert.Equal(1f, model.Meshes[model.Nodes[0].Mesh].Primitives[0].Positions[2]);
        Assert.Equal(2f, model.Meshes[model.Nodes[1].Mesh].Primitives[0].Positions[2]);
        Assert.Equal(2f, model.BoundsMax.Z);
        Assert.Equal(1f, model.BoundsMin.Z);
    }

    [Fact]
    public void Load_AnimatedMorphCube_ZeroWeightsLeaveCube()
    {
        var model = GltfLoader.Load(TestAssets.Sample("AnimatedMorphCube/glTF/AnimatedMorphCube.gltf"));
        Assert.Equal(new Vector3(1), model.BoundsMax, new Vector3Comparer(1e-3f));
    }

    [Fact]
    public void Load_SkinnedMesh_RestPoseFromJointsNodeTransformIgnored()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int nrm = b.Floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1);
        int joints = b.Accessor(b.View([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), U8, "VEC4", 3);
        int weights = b.Floats("VEC4", 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);
        // Joint bound at y = 1 (inverse bind translates by -1), posed at y = 3: vertices move up by 2.
        int ibm = b.Floats("MAT4", 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1);
        int mesh = b.Mesh(new JsonObject { ["POSITION"] = pos, ["NORMAL"] = nrm, ["JOINTS_0"] = joints, ["WEIGHTS_0"] = weights });
        int joint = b.Node(new JsonObject { ["translation"] = new JsonArray(0, 3, 0) });
        b.Node(new JsonObject { ["mesh"] = mesh, ["skin"] = 0, ["translation"] = new JsonArray(100, 0, 0) });
        b.Root["skins"] = new JsonArray(new JsonObject { ["joints"] = new JsonArray(joint), ["inverseBindMatrices"] = ibm });

        var model = b.Load();

        Assert.Equal(new Vector3(0, 2, 0), model.BoundsMin, s_near);
        Assert.Equal(new Vector3(1, 3, 0), model.BoundsMax, s_near);
    }

    [Fact]
    public void Load_NodeHierarchyTrsAndMatrix_WorldMatricesComposed()
    {
        var b = Quad();
        b.Root["nodes"]![0]!["translation"] = new JsonArray(1, 2, 3);
        b.Root["nodes"]![0]!["children"] = new JsonArray(1);
        b.Node(new JsonObject
        {
            ["mesh"] = 0,
            ["matrix"] = new JsonArray(2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 10, 0, 0, 1),
        }, root: false);

        var model = b.Load();

        Assert.Equal(2, model.Nodes.Count);
        Assert.Equal(0, model.Nodes[1].Parent);
        Assert.Equal(new Vector3(11, 2, 3), model.Nodes[1].WorldMatrix.Translation);
        Assert.Equal(new Vector3(1, 2, 3), model.BoundsMin);
        Assert.Equal(new Vector3(13, 4, 3), model.BoundsMax);
        Assert.Equal(4, model.PrimitiveCount);
    }

    [Fact]
    public void Load_RotationQuaternion_AppliedAsGltfRotation()
    {
        var b = Quad();
        // 90 degrees about +Y: +X goes to -Z.
        b.Root["nodes"]![0]!["rotation"] = new JsonArray(0, MathF.Sqrt(0.5f), 0, MathF.Sqrt(0.5f));
        var model = b.Load();
        Assert.Equal(new Vector3(0, 0, -1), model.BoundsMin, s_near);
        Assert.Equal(new Vector3(0, 1, 0), model.BoundsMax, s_near);
    }

    [Fact]
    public void Load_MultipleScenes_DefaultSceneChosen()
    {
        var b = Quad();
        b.Node(new JsonObject { ["mesh"] = 0, ["translation"] = new JsonArray(5, 0, 0) }, root: false);
        ((JsonArray)b.Root["scenes"]!).Add(new JsonObject { ["nodes"] = new JsonArray(1) });

        b.Root["scene"] = 1;
        Assert.Equal(5f, b.Load().BoundsMin.X);

        b.Root.Remove("scene");
        Assert.Equal(0f, b.Load().BoundsMin.X); // scene 0

        b.Root.Remove("scenes");
        var all = b.Load(); // no scenes: every root node
        Assert.Equal(2, all.Nodes.Count);
        Assert.Equal(4, all.PrimitiveCount);
    }

    [Fact]
    public void Load_SparseWithoutBufferView_ZerosThenValues()
    {
        var b = new GltfTestBuilder();
        int idxView = b.View([2, 0, 0, 0]);
        var vals = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(vals.AsSpan(4), 7f);
        int valView = b.View(vals);
        var sparse = new JsonObject
        {
            ["count"] = 1,
            ["indices"] = new JsonObject { ["bufferView"] = idxView, ["componentType"] = U16 },
            ["values"] = new JsonObject { ["bufferView"] = valView },
        };
        int pos = b.Accessor(null, F32, "VEC3", 3, sparse: sparse);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos }) });

        var model = b.Load();

        Assert.Equal(new Vector3(0, 7, 0), model.BoundsMax);
        Assert.Equal(Vector3.Zero, model.BoundsMin);
    }

    [Fact]
    public void Load_MaterialProperties_ReadWithDefaults()
    {
        var b = Quad();
        b.Root["materials"] = new JsonArray(new JsonObject
        {
            ["pbrMetallicRoughness"] = new JsonObject { ["baseColorFactor"] = new JsonArray(0.5, 0.25, 1, 0.75), ["metallicFactor"] = 0.1, ["roughnessFactor"] = 0.2 },
            ["emissiveFactor"] = new JsonArray(1, 0, 0),
            ["alphaMode"] = "MASK",
            ["alphaCutoff"] = 0.3,
            ["doubleSided"] = true,
            ["extensions"] = new JsonObject { ["KHR_materials_emissive_strength"] = new JsonObject { ["emissiveStrength"] = 4 } },
        }, new JsonObject());
        b.Root["extensionsUsed"] = new JsonArray("KHR_materials_emissive_strength", "KHR_materials_sheen");

        var model = b.Load();
        var m = model.Materials[0];

        Assert.Equal(new Vector4(0.5f, 0.25f, 1, 0.75f), m.BaseColorFactor);
        Assert.Equal((0.1f, 0.2f), (m.MetallicFactor, m.RoughnessFactor));
        Assert.Equal(new Vector3(4, 0, 0), m.EmissiveFactor);
        Assert.Equal((AlphaMode.Mask, 0.3f, true), (m.AlphaMode, m.AlphaCutoff, m.DoubleSided));
        var d = model.Materials[1];
        Assert.Equal((Vector4.One, 1f, 1f, AlphaMode.Opaque, 0.5f, false), (d.BaseColorFactor, d.MetallicFactor, d.RoughnessFactor, d.AlphaMode, d.AlphaCutoff, d.DoubleSided));
        Assert.Single(model.Warnings, w => w.Contains("KHR_materials_sheen"));
    }

    [Fact]
    public void Load_TextureSampler_ValuesCarried()
    {
        var b = Quad();
        b.Root["images"] = new JsonArray(new JsonObject { ["uri"] = "data:image/png;base64," + Convert.ToBase64String(Imaging.PngTestImages.Solid(1, 1, 1, 2, 3, 4)) });
        b.Root["samplers"] = new JsonArray(new JsonObject { ["magFilter"] = 9728, ["wrapS"] = 33071 });
        b.Root["textures"] = new JsonArray(new JsonObject { ["source"] = 0, ["sampler"] = 0 });
        b.Root["materials"] = new JsonArray(new JsonObject { ["pbrMetallicRoughness"] = new JsonObject { ["baseColorTexture"] = new JsonObject { ["index"] = 0, ["texCoord"] = 0 } } });

        var tex = Assert.Single(b.Load().Textures);

        Assert.Equal(new SamplerData(9728, 9987, 33071, 10497), tex.Sampler);
        Assert.Equal([1, 2, 3, 4], tex.Rgba);
    }

    [Fact]
    public async Task LoadAsync_ExternalFiles_ReportsProgressToCompletion()
    {
        using var dir = new TempDir();
        string path = Quad().WriteGltf(dir.Path, "quad");
        var reports = new List<(float, string)>();
        var progress = new SyncProgress(reports);

        var model = await GltfLoader.LoadAsync(path, null, progress, CancellationToken.None);

        Assert.Equal(2, model.PrimitiveCount);
        Assert.Equal("quad", model.Name);
        Assert.Equal((1f, "done"), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Item1 <= p.Second.Item1 + 1e-6f), "monotonic");
    }

    [Fact]
    public async Task LoadAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GltfLoader.LoadAsync(TestAssets.Sample("FlightHelmet/glTF/FlightHelmet.gltf"), null, null, cts.Token));
    }

    private sealed class SyncProgress(List<(float, string)> into) : IProgress<(float fraction, string stage)>
    {
        public void Report((float fraction, string stage) value) { lock (into) into.Add(value); }
    }
}

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("arr-gltf-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
