using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ArrHost.Rendering.Gltf;
using static ArrHost.Rendering.Tests.Gltf.GltfTestBuilder;

namespace ArrHost.Rendering.Tests.Gltf;

public sealed class GltfLoaderBadInputTests
{
    private static byte[] BoxGlb => File.ReadAllBytes(TestAssets.Sample("Box/glTF-Binary/Box.glb"));

    private static GltfLoadException Fails(byte[] data, string? baseDir = null, GltfLoadOptions? options = null) =>
        Assert.Throws<GltfLoadException>(() => GltfLoader.Load(data, baseDir, options));

    private static GltfLoadException Fails(GltfTestBuilder b) => Fails(b.ToGlb());

    [Fact]
    public void Load_TruncatedGlbAtEveryLength_ThrowsGltfLoadException()
    {
        var glb = BoxGlb;
        for (int length = 0; length < glb.Length; length++)
        {
            var ex = Fails(glb[..length]);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
        Assert.Contains("actual length of the file (1000)", Fails(glb[..1000]).Message);
    }

    [Fact]
    public void Load_TruncatedExternalBuffer_NamesBufferAndLengths()
    {
        using var dir = new TempDir();
        string path = Quad().WriteGltf(dir.Path, "q");
        var bin = File.ReadAllBytes(Path.Combine(dir.Path, "q.bin"));
        File.WriteAllBytes(Path.Combine(dir.Path, "q.bin"), bin[..10]);
        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));
        Assert.Contains("buffer 0", ex.Message);
        Assert.Contains("is 10 bytes, shorter than byteLength", ex.Message);
    }

    [Fact]
    public void Load_WrongGlbMagicVersionOrChunkLength_Throws()
    {
        var glb = BoxGlb;
        var badVersion = (byte[])glb.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badVersion.AsSpan(4), 1);
        Assert.Contains("version number: 1", Fails(badVersion).Message);

        var badLength = (byte[])glb.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badLength.AsSpan(8), (uint)glb.Length + 4);
        Assert.Contains($"specified length of the file ({glb.Length + 4})", Fails(badLength).Message);

        var badChunk = (byte[])glb.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badChunk.AsSpan(12), 0x7FFFFFF0);
        Assert.Contains("End of GLB block", Fails(badChunk).Message);

        var badType = (byte[])glb.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badType.AsSpan(16), 0x12345678);
        Assert.Contains("JSON Chunk chunk not found", Fails(badType).Message);

        var badMagic = (byte[])glb.Clone();
        badMagic[0] = (byte)'x';
        Assert.Contains("invalid JSON", Fails(badMagic).Message); // from memory: not GLB, so parsed as JSON
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "bad.glb");
        File.WriteAllBytes(file, badMagic);
        Assert.Contains("GLB: wrong magic", Assert.Throws<GltfLoadException>(() => GltfLoader.Load(file)).Message);
    }

    [Fact]
    public void Load_InvalidJson_Throws()
    {
        Assert.Contains("invalid JSON", Fails(System.Text.Encoding.UTF8.GetBytes("{\"asset\": {\"version\": \"2.0\"")).Message);
        Assert.Contains("invalid JSON", Fails(System.Text.Encoding.UTF8.GetBytes(new string('[', 10000))).Message);
        Assert.Contains("Unexpected token StartArray", Fails(System.Text.Encoding.UTF8.GetBytes("[1,2]")).Message);
        Assert.Contains("Asset: must not be null", Fails(System.Text.Encoding.UTF8.GetBytes("{}")).Message);
        Assert.Contains("empty", Fails([]).Message);
        Assert.Contains("Version: 1.0 must be greater or equal to 2.0", Fails(System.Text.Encoding.UTF8.GetBytes("{\"asset\":{\"version\":\"1.0\"}}")).Message);
    }

    [Fact]
    public void Load_WrongPropertyTypes_ThrowNamingTheElement()
    {
        var b = Quad();
        b.Root["accessors"]![0]!["count"] = "four";
        var ex = Fails(b);
        Assert.Contains("invalid JSON", ex.Message);
        Assert.Contains("'String' as a number", ex.Message);

        b = Quad();
        b.Root["accessors"]![0]!["componentType"] = 1234;
        Assert.Contains("needs extension KHR_mesh_quantization, which the file does not declare", Fails(b).Message); // SharpGLTF's reading of an unknown componentType

        b = Quad();
        b.Root["accessors"]![0]!["type"] = "VEC7";
        Assert.Contains("SharpGLTF could not read the file", Fails(b).Message);
    }

    [Fact]
    public void Load_AccessorBeyondBufferView_NamesAccessorAndSizes()
    {
        var b = Quad();
        b.Root["accessors"]![0]!["count"] = 5; // 4 vertices of data
        var ex = Fails(b);
        Assert.Contains("Accessor[0] BufferView[0]", ex.Message);
        Assert.Contains("available items (48)", ex.Message);

        b = Quad();
        b.Root["accessors"]![0]!["byteOffset"] = 4;
        Assert.Contains("Accessor[0]", Fails(b).Message);
    }

    [Fact]
    public void Load_BufferViewBeyondBuffer_NamesRange()
    {
        var b = Quad();
        b.Root["bufferViews"]![1]!["byteLength"] = 4096;
        var ex = Fails(b);
        Assert.Matches(@"bufferView 1 range \[\d+, \d+\) exceeds buffer 0 length \d+", ex.Message);

        b = Quad();
        b.Root["bufferViews"]![0]!["buffer"] = 3;
        Assert.Contains("BufferView[0] Buffer: .3 exceeds the number of available items", Fails(b).Message);

        b = Quad();
        b.Root["bufferViews"]![0]!["byteStride"] = 6;
        Assert.Contains("BufferView[0] ByteStride: Value 6 is not a multiple of 4", Fails(b).Message);
    }

    [Fact]
    public void Load_HugeDeclaredCounts_RejectedWithoutAllocating()
    {
        var b = Quad();
        b.Root["accessors"]![0]!["count"] = int.MaxValue; // backed by a bufferView: checked against its bytes
        Assert.Contains("Accessor[0] BufferView[0]", Fails(b).Message);

        b = Quad();
        b.Root["accessors"]![0]!["count"] = 1_000_000;
        Assert.Contains("Accessor[0] BufferView[0]: .0+12000000 exceeds the number of available items (48)", Fails(b).Message);

        b = Quad(withNormals: false, withUv: false); // POSITION alone, so that no attribute count disagrees
        b.Root["accessors"]![0]!.AsObject().Remove("bufferView"); // zero-filled accessor
        b.Root["accessors"]![0]!["count"] = 100_000_000;
        Assert.Contains("exceeds the limit", Fails(b).Message);

        b = Quad();
        b.Root["buffers"] = new JsonArray();
        var glb = b.ToGlb();
        // A buffer declaring 2^40 bytes is refused before any read.
        var json = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(glb, 20, BinaryPrimitives.ReadInt32LittleEndian(glb.AsSpan(12))))!;
        json["buffers"]![0]!["byteLength"] = 1L << 40;
        var ex = Fails(Glb(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), b.Bin));
        Assert.Contains("out of bounds for an Int32", ex.Message);

        Assert.Contains("vertices", Fails(Quad().ToGlb(), null, new GltfLoadOptions { MaxTotalVertices = 3 }).Message);
        Assert.Contains("triangle indices", Fails(Quad().ToGlb(), null, new GltfLoadOptions { MaxTotalIndices = 5 }).Message);
    }

    [Fact]
    public void Load_IndexOutOfRange_NamesIndexAndVertexCount()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos }, b.Indices(U32, 0, 1, 7)) });
        var ex = Fails(b);
        Assert.Contains("Accessor[1]", ex.Message);
        Assert.Contains("Value[2] is out of bounds 3", ex.Message);
    }

    [Fact]
    public void Load_SparseIndexOutOfRange_Throws()
    {
        var b = new GltfTestBuilder();
        int idx = b.View([9, 0, 0, 0]);
        int val = b.View(new byte[12]);
        var sparse = new JsonObject
        {
            ["count"] = 1,
            ["indices"] = new JsonObject { ["bufferView"] = idx, ["componentType"] = U16 },
            ["values"] = new JsonObject { ["bufferView"] = val },
        };
        int pos = b.Accessor(null, F32, "VEC3", 3, sparse: sparse);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos }) });
        Assert.Contains("sparseKeys", Fails(b).Message);
    }

    [Fact]
    public void Load_MismatchedAttributeCounts_Throws()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int nrm = b.Floats("VEC3", 0, 0, 1);
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos, ["NORMAL"] = nrm }) });
        Assert.Contains("MeshPrimitive[0] NORMAL: 1 must be equal to 3", Fails(b).Message);
    }

    [Fact]
    public void Load_CyclicNodeGraph_Throws()
    {
        var b = Quad();
        b.Node(new JsonObject { ["children"] = new JsonArray(2) }, root: false);
        b.Node(new JsonObject { ["children"] = new JsonArray(1) }, root: false);
        Assert.Contains("circular reference", Fails(b).Message);

        b = Quad();
        b.Root["nodes"]![0]!["children"] = new JsonArray(0); // node 0 is also a scene root
        Assert.Contains("Node[0] Children: Root nodes cannot be children", Fails(b).Message);

        b = Quad();
        b.Node(new JsonObject { ["children"] = new JsonArray(0) }, root: false); // node 0 is listed as a scene root
        Assert.Contains("Children: Root nodes cannot be children", Fails(b).Message);
    }

    [Fact]
    public void Load_NodeWithTwoParents_Throws()
    {
        var b = Quad();
        b.Node(new JsonObject(), root: false); // 1
        b.Node(new JsonObject { ["children"] = new JsonArray(1) }); // 2
        b.Node(new JsonObject { ["children"] = new JsonArray(1) }); // 3
        Assert.Contains("LogicalNode[1]: has more than one parent", Fails(b).Message);
    }

    [Fact]
    public void Load_BadReferences_Throw()
    {
        var b = Quad();
        b.Root["nodes"]![0]!["mesh"] = 9;
        Assert.Contains("Node[0] Mesh: .9 exceeds the number of available items", Fails(b).Message);

        b = Quad();
        b.Root["meshes"]![0]!["primitives"]![0]!["material"] = 2;
        Assert.Contains("MeshPrimitive[0] Material: .2 exceeds the number of available items", Fails(b).Message);

        b = Quad();
        b.Root["scene"] = 4;
        Assert.Contains("DefaultScene: .4 exceeds the number of available items", Fails(b).Message);

        b = Quad();
        b.Root["meshes"]![0]!["primitives"]![0]!["mode"] = 9;
        Assert.Contains("invalid mode 9", Fails(b).Message);
    }

    [Fact]
    public void Load_SkinJointIndexOutOfRange_Throws()
    {
        var b = new GltfTestBuilder();
        int pos = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int joints = b.Accessor(b.View([0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0]), U8, "VEC4", 3);
        int weights = b.Floats("VEC4", 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);
        int joint = b.Node(new JsonObject());
        b.Node(new JsonObject { ["mesh"] = b.Mesh(new JsonObject { ["POSITION"] = pos, ["JOINTS_0"] = joints, ["WEIGHTS_0"] = weights }), ["skin"] = 0 });
        b.Root["skins"] = new JsonArray(new JsonObject { ["joints"] = new JsonArray(joint) });
        Assert.Contains("Accessor[1] JOINTS_0[1]: Is out of bounds", Fails(b).Message);
    }

    [Fact]
    public void Load_UnsupportedRequiredExtension_ClearError()
    {
        var b = Quad();
        b.Root["extensionsUsed"] = new JsonArray("KHR_draco_mesh_compression");
        b.Root["extensionsRequired"] = new JsonArray("KHR_draco_mesh_compression");
        var ex = Fails(b);
        Assert.Contains("KHR_draco_mesh_compression is required", ex.Message);
    }

    [Fact]
    public void Load_MissingExternalFile_Throws()
    {
        using var dir = new TempDir();
        string path = Quad().WriteGltf(dir.Path, "q");
        File.Delete(Path.Combine(dir.Path, "q.bin"));
        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));
        Assert.Contains("not found", ex.Message);

        Assert.Contains("not found", Assert.Throws<GltfLoadException>(() => GltfLoader.Load(Path.Combine(dir.Path, "none.gltf"))).Message);
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("sub/../../outside.bin")]
    [InlineData("%2E%2E/outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://example.com/x.bin")]
    public void Load_UriEscapingModelFolder_Refused(string uri)
    {
        using var dir = new TempDir();
        string modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, "model")).FullName;
        File.WriteAllBytes(Path.Combine(dir.Path, "outside.bin"), new byte[256]);
        var b = Quad();
        string path = b.WriteGltf(modelDir, "q");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["buffers"]![0]!["uri"] = uri;
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path));

        Assert.Contains("buffer 0", ex.Message);
        Assert.Matches("outside the model's folder|absolute path|scheme", ex.Message);
    }

    [Fact]
    public void Load_SymlinkOutOfModelFolder_Refused()
    {
        using var dir = new TempDir();
        string modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, "model")).FullName;
        string path = Quad().WriteGltf(modelDir, "q");
        string outside = Path.Combine(dir.Path, "real.bin");
        File.Move(Path.Combine(modelDir, "q.bin"), outside);
        File.CreateSymbolicLink(Path.Combine(modelDir, "q.bin"), outside);
        Assert.Contains("outside the model's folder", Assert.Throws<GltfLoadException>(() => GltfLoader.Load(path)).Message);

        // A link that stays inside the folder is fine; so is a root folder that includes the target.
        Assert.Equal(2, GltfLoader.Load(path, new GltfLoadOptions { RootDirectory = dir.Path }).PrimitiveCount);
        Assert.Contains("outside the root folder", Assert.Throws<GltfLoadException>(() =>
            GltfLoader.Load(path, new GltfLoadOptions { RootDirectory = Path.Combine(dir.Path, "elsewhere") })).Message);
    }

    [Fact]
    public void Load_ExternalUriFromMemoryWithoutBaseDirectory_Refused()
    {
        var b = Quad();
        b.WriteGltf(Path.GetTempPath(), $"arr-q-{Guid.NewGuid():N}");
        var json = System.Text.Encoding.UTF8.GetBytes(b.Root.ToJsonString());
        Assert.Contains("without a base directory", Fails(json).Message);
    }

    [Fact]
    public void Load_CorruptImage_NamesImage()
    {
        using var dir = new TempDir();
        string src = TestAssets.Sample("BoxTextured/glTF");
        foreach (var f in new[] { "BoxTextured.gltf", "BoxTextured0.bin", "CesiumLogoFlat.png" })
            File.Copy(Path.Combine(src, f), Path.Combine(dir.Path, f));
        string png = Path.Combine(dir.Path, "CesiumLogoFlat.png");
        var bytes = File.ReadAllBytes(png);
        File.WriteAllBytes(png, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<GltfLoadException>(() => GltfLoader.Load(Path.Combine(dir.Path, "BoxTextured.gltf")));
        Assert.Contains("image 0 (CesiumLogoFlat.png)", ex.Message);
        Assert.Contains("PNG", ex.Message);

        File.WriteAllText(png, "not an image");
        Assert.Contains("image 0 (CesiumLogoFlat.png): unrecognised image format", Assert.Throws<GltfLoadException>(() => GltfLoader.Load(Path.Combine(dir.Path, "BoxTextured.gltf"))).Message);
    }

    [Fact]
    public void Load_CorruptEmbeddedJpeg_NamesImage()
    {
        var glb = File.ReadAllBytes(TestAssets.Sample("CesiumMan/glTF-Binary/CesiumMan.glb"));
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(glb.AsSpan(12));
        var json = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(glb, 20, jsonLength))!;
        int view = (int)json["images"]![0]!["bufferView"]!;
        int offset = 20 + jsonLength + 8 + (int)(json["bufferViews"]![view]!["byteOffset"] ?? 0);
        int length = (int)json["bufferViews"]![view]!["byteLength"]!;
        glb.AsSpan(offset + length / 3, length / 3).Fill(0xAB);

        var ex = Fails(glb);
        Assert.Contains("image 0", ex.Message);
        Assert.Contains("JPEG", ex.Message);
    }

    [Fact]
    public void Load_RandomByteMutationsOfBox_OnlyGltfLoadExceptions()
    {
        var original = BoxGlb;
        var random = new Random(1234);
        int failures = 0;
        for (int i = 0; i < 2000; i++)
        {
            var data = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int k = 0; k < flips; k++) data[random.Next(data.Length)] = (byte)random.Next(256);
            try { GltfLoader.Load(data, null); }
            catch (GltfLoadException) { failures++; }
        }
        Assert.True(failures > 0);
    }

    [Fact]
    public void Load_OversizedFile_RefusedByOption()
    {
        var ex = Assert.Throws<GltfLoadException>(() =>
            GltfLoader.Load(TestAssets.Sample("Duck/glTF-Binary/Duck.glb"), new GltfLoadOptions { MaxFileBytes = 1000 }));
        Assert.Contains("over the limit", ex.Message);

        ex = Assert.Throws<GltfLoadException>(() =>
            GltfLoader.Load(TestAssets.Sample("Duck/glTF-Binary/Duck.glb"), new GltfLoadOptions { MaxImagePixels = 100 }));
        Assert.Contains("image 0", ex.Message);
    }
}
