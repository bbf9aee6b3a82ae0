using System.Diagnostics;
using System.Text.Json.Nodes;
using ArrHost.Rendering.Gltf;
using SharpGLTF.Validation;
using Xunit.Abstractions;
using static ArrHost.Rendering.Tests.Gltf.GltfTestBuilder;

namespace ArrHost.Rendering.Tests.Gltf;

/// <summary>The loader on SharpGLTF.Core: its validation errors, the file callback's rules and the validation modes.</summary>
public sealed class GltfSharpGltfTests(ITestOutputHelper output)
{
    private static string WriteWithBufferUri(string dir, string name, string uri, Action<JsonNode>? edit = null)
    {
        string path = Quad().WriteGltf(dir, name);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["buffers"]![0]!["uri"] = uri;
        edit?.Invoke(json);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void Load_SharpGltfValidationError_GltfLoadExceptionNamingModelAndReason()
    {
        using var dir = new TempDir();
        string path = Quad().WriteGltf(dir.Path, "broken");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["nodes"]![0]!["mesh"] = 7;
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));

        Assert.StartsWith("broken.gltf: broken reference (SharpGLTF): Node[0] Mesh: .7", ex.Message);
        Assert.IsAssignableFrom<ModelException>(ex.InnerException);
        Assert.DoesNotContain("glTF-Validator", ex.Message); // SharpGLTF's generic advice is dropped
    }

    [Theory]
    [InlineData("../outside.bin", "resolves outside the model's folder")]
    [InlineData("%2E%2E/outside.bin", "resolves outside the model's folder")]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("https://example.com/x.bin", "has a scheme")]
    public void Load_EscapingUri_GltfLoadExceptionNamingModelAndBuffer(string uri, string reason)
    {
        using var dir = new TempDir();
        string modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, "model")).FullName;
        File.WriteAllBytes(Path.Combine(dir.Path, "outside.bin"), new byte[256]);
        string path = WriteWithBufferUri(modelDir, "escape", uri);

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));

        Assert.StartsWith("escape.gltf: buffer 0: uri ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Load_UnreferencedImageOutsideRoot_RefusedBecauseSharpGltfReadsEveryFile()
    {
        using var dir = new TempDir();
        string modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, "model")).FullName;
        File.Copy(TestAssets.Sample("BoxTextured/glTF/CesiumLogoFlat.png"), Path.Combine(dir.Path, "secret.png"));
        var b = Quad();
        b.Root["images"] = new JsonArray(new JsonObject { ["uri"] = "../secret.png" }); // no texture uses it
        string path = b.WriteGltf(modelDir, "q");

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));

        Assert.StartsWith("q.gltf: image 0: uri '../secret.png' resolves outside", ex.Message);
    }

    [Fact]
    public void Load_ExternalFilesOverTotalBudget_RefusedBeforeReading()
    {
        using var dir = new TempDir();
        string path = Quad().WriteGltf(dir.Path, "q");
        long binLength = new FileInfo(Path.Combine(dir.Path, "q.bin")).Length;

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path, new GltfLoadOptions { MaxTotalBufferBytes = binLength - 1 }));
        Assert.StartsWith("q.gltf: buffer 0: file 'q.bin' brings the model's external files to", ex.Message);
        Assert.Contains($"over the limit of {binLength - 1}", ex.Message);

        Assert.Equal(2, GltfLoader.Load(path, new GltfLoadOptions { MaxTotalBufferBytes = binLength }).PrimitiveCount);
    }

    [Fact]
    public void Load_EmbeddedBuffersOverTotalLimit_Refused()
    {
        var gltf = Quad().ToEmbeddedGltf();

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(gltf, null, new GltfLoadOptions { MaxTotalBufferBytes = 16 }));

        Assert.Contains("buffer 0: the buffers exceed the limit of 16 bytes in total", ex.Message);
    }

    [Fact]
    public void Load_RequiredExtensionSharpGltfReadsButRendererIgnores_Refused()
    {
        var b = Quad();
        b.Root["extensionsUsed"] = new JsonArray("KHR_texture_transform");
        b.Root["extensionsRequired"] = new JsonArray("KHR_texture_transform");

        var ex = Assert.Throws<GltfLoadException>(() => b.Load());

        Assert.Contains("extension KHR_texture_transform is required by the file but not supported", ex.Message);

        b.Root.Remove("extensionsRequired");
        Assert.Contains(b.Load().Warnings, w => w.Contains("KHR_texture_transform is not supported and is ignored"));
    }

    [Fact]
    public void Load_GlbBufferWithoutBinChunk_NamesBuffer()
    {
        var b = Quad();
        var glb = b.ToGlb();
        var json = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(glb, 20, BitConverter.ToInt32(glb, 12)))!;

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(Glb(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), []), null));

        Assert.Equal("model: invalid glTF structure (SharpGLTF): Buffer[0] binaryChunk: must not be null", ex.Message);
    }

    [Fact]
    public void Load_SkipValidation_LoadersOwnRangeChecksStillRefuse()
    {
        var b = Quad();
        b.Root["accessors"]![0]!["count"] = 5; // 4 vertices of data
        var skip = new GltfLoadOptions { Validation = ValidationMode.Skip };

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(b.ToGlb(), null, skip));

        Assert.Contains("accessor 0: 5 x VEC3 elements from byteOffset 0 (stride 12) need 60 bytes, but bufferView 0 has 48", ex.Message);
    }

    [Fact]
    public void Load_EverySampleStrictAndSkip_SameModelAndTimesReported()
    {
        var strict = new GltfLoadOptions { Validation = ValidationMode.Strict };
        var skip = new GltfLoadOptions { Validation = ValidationMode.Skip };
        double strictTotal = 0, skipTotal = 0;
        foreach (var row in TestAssets.AllModels())
        {
            string path = TestAssets.Sample((string)row[0]);
            var a = GltfLoader.Load(path, strict);
            var c = GltfLoader.Load(path, skip);
            Assert.Equal(a.PrimitiveCount, c.PrimitiveCount);
            Assert.Equal(a.BoundsMin, c.BoundsMin);
            Assert.Equal(a.BoundsMax, c.BoundsMax);
            double s = TimeMs(() => GltfLoader.Load(path, strict)), k = TimeMs(() => GltfLoader.Load(path, skip));
            strictTotal += s;
            skipTotal += k;
            output.WriteLine($"{row[0],-62} Strict {s,8:F1} ms  Skip {k,8:F1} ms");
        }
        output.WriteLine($"{"all samples (sum of medians)",-62} Strict {strictTotal,8:F1} ms  Skip {skipTotal,8:F1} ms");
    }

    private static double TimeMs(Action load)
    {
        var times = new double[1]; // the comparison loads before it warm up the files and the JIT
        for (int i = 0; i < times.Length; i++)
        {
            var sw = Stopwatch.StartNew();
            load();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[0];
    }
}
