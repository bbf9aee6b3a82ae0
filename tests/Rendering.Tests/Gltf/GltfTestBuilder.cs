using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Tests.Gltf;

/// <summary>Writes small glTF files for tests: one buffer, views and accessors appended as needed.</summary>
internal sealed class GltfTestBuilder
{
    public const int I8 = 5120, U8 = 5121, I16 = 5122, U16 = 5123, U32 = 5125, F32 = 5126;

    private readonly MemoryStream _bin = new();
    public JsonObject Root { get; } = new()
    {
        ["asset"] = new JsonObject { ["version"] = "2.0" },
        ["buffers"] = new JsonArray(),
        ["bufferViews"] = new JsonArray(),
        ["accessors"] = new JsonArray(),
        ["meshes"] = new JsonArray(),
        ["nodes"] = new JsonArray(),
        ["scenes"] = new JsonArray(new JsonObject { ["nodes"] = new JsonArray() }),
        ["scene"] = 0,
    };

    private JsonArray Arr(string name) => (JsonArray)Root[name]!;

    public int View(byte[] bytes, int? stride = null)
    {
        while (_bin.Length % 4 != 0) _bin.WriteByte(0);
        var view = new JsonObject { ["buffer"] = 0, ["byteOffset"] = _bin.Length, ["byteLength"] = bytes.Length };
        if (stride is { } s) view["byteStride"] = s;
        _bin.Write(bytes);
        Arr("bufferViews").Add(view);
        return Arr("bufferViews").Count - 1;
    }

    public int Accessor(int? view, int componentType, string type, int count, bool normalized = false, int byteOffset = 0, JsonObject? sparse = null)
    {
        var acc = new JsonObject { ["componentType"] = componentType, ["type"] = type, ["count"] = count };
        if (view is { } v) acc["bufferView"] = v;
        if (byteOffset != 0) acc["byteOffset"] = byteOffset;
        if (normalized) acc["normalized"] = true;
        if (sparse is not null) acc["sparse"] = sparse;
        Arr("accessors").Add(acc);
        return Arr("accessors").Count - 1;
    }

    public int Floats(string type, params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        int width = type switch { "SCALAR" => 1, "VEC2" => 2, "VEC3" => 3, "VEC4" => 4, "MAT4" => 16, _ => throw new ArgumentException(type) };
        return Accessor(View(bytes), F32, type, values.Length / width);
    }

    public int Indices(int componentType, params uint[] values)
    {
        int size = componentType == U8 ? 1 : componentType == U16 ? 2 : 4;
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (size == 1) bytes[i] = (byte)values[i];
            else if (size == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)values[i]);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return Accessor(View(bytes), componentType, "SCALAR", values.Length);
    }

    public int Mesh(JsonObject attributes, int? indices = null, int? mode = null, int? material = null, JsonArray? targets = null, JsonArray? weights = null)
    {
        var prim = new JsonObject { ["attributes"] = attributes };
        if (indices is { } i) prim["indices"] = i;
        if (mode is { } m) prim["mode"] = m;
        if (material is { } mat) prim["material"] = mat;
        if (targets is not null) prim["targets"] = targets;
        var mesh = new JsonObject { ["primitives"] = new JsonArray(prim) };
        if (weights is not null) mesh["weights"] = weights;
        Arr("meshes").Add(mesh);
        return Arr("meshes").Count - 1;
    }

    /// <summary>Adds a node; a root node is also listed in scene 0.</summary>
    public int Node(JsonObject node, bool root = true)
    {
        Arr("nodes").Add(node);
        int index = Arr("nodes").Count - 1;
        if (root) ((JsonArray)Root["scenes"]![0]!["nodes"]!).Add(index);
        return index;
    }

    public byte[] Bin => _bin.ToArray();

    private void FinishBuffer(string? uri)
    {
        var buffer = new JsonObject { ["byteLength"] = _bin.Length };
        if (uri is not null) buffer["uri"] = uri;
        var buffers = Arr("buffers");
        buffers.Clear();
        if (_bin.Length > 0) buffers.Add(buffer);
    }

    public byte[] ToGlb()
    {
        FinishBuffer(null);
        return Glb(System.Text.Encoding.UTF8.GetBytes(Root.ToJsonString()), Bin);
    }

    public byte[] ToEmbeddedGltf()
    {
        FinishBuffer("data:application/octet-stream;base64," + Convert.ToBase64String(Bin));
        return System.Text.Encoding.UTF8.GetBytes(Root.ToJsonString());
    }

    /// <summary>Writes name.gltf + name.bin into <paramref name="dir"/>; returns the .gltf path.</summary>
    public string WriteGltf(string dir, string name)
    {
        FinishBuffer(name + ".bin");
        File.WriteAllBytes(Path.Combine(dir, name + ".bin"), Bin);
        string path = Path.Combine(dir, name + ".gltf");
        File.WriteAllText(path, Root.ToJsonString());
        return path;
    }

    public ModelData Load() => GltfLoader.Load(ToGlb(), null);

    public static byte[] Glb(byte[] json, byte[] bin)
    {
        int jsonPadded = (json.Length + 3) & ~3, binPadded = (bin.Length + 3) & ~3;
        int total = 12 + 8 + jsonPadded + (bin.Length > 0 ? 8 + binPadded : 0);
        var glb = new byte[total];
        var s = glb.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x46546C67);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)jsonPadded);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 0x4E4F534A);
        json.CopyTo(s[20..]);
        s.Slice(20 + json.Length, jsonPadded - json.Length).Fill((byte)' ');
        if (bin.Length > 0)
        {
            int o = 20 + jsonPadded;
            BinaryPrimitives.WriteUInt32LittleEndian(s[o..], (uint)binPadded);
            BinaryPrimitives.WriteUInt32LittleEndian(s[(o + 4)..], 0x004E4942);
            bin.CopyTo(s[(o + 8)..]);
        }
        return glb;
    }

    /// <summary>A unit quad in the XY plane facing +Z with glTF UVs (v down), as two indexed triangles.</summary>
    public static GltfTestBuilder Quad(bool withNormals = true, bool withUv = true)
    {
        var b = new GltfTestBuilder();
        var attrs = new JsonObject { ["POSITION"] = b.Floats("VEC3", 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0) };
        if (withNormals) attrs["NORMAL"] = b.Floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1);
        if (withUv) attrs["TEXCOORD_0"] = b.Floats("VEC2", 0, 1, 1, 1, 1, 0, 0, 0);
        int mesh = b.Mesh(attrs, b.Indices(U16, 0, 1, 2, 0, 2, 3));
        b.Node(new JsonObject { ["mesh"] = mesh });
        return b;
    }
}
