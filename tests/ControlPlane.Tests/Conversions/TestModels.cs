using System.Text;

namespace ArrHost.ControlPlane.Tests.Conversions;

/// <summary>Small glTF models written by the tests themselves.</summary>
internal static class TestModels
{
    /// <summary>One triangle: <paramref name="name"/>.gltf with its positions in an external <paramref name="binName"/>.</summary>
    public static string WriteTriangle(string folder, string name = "tri", string? binName = null)
    {
        Directory.CreateDirectory(folder);
        binName ??= name + ".bin";
        var positions = new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0 };
        var bin = new byte[positions.Length * 4];
        Buffer.BlockCopy(positions, 0, bin, 0, bin.Length);
        var binPath = Path.Combine(folder, binName);
        if (!binName.Contains("..")) File.WriteAllBytes(binPath, bin);
        var json = $$"""
            {
              "asset": { "version": "2.0" },
              "scene": 0,
              "scenes": [ { "nodes": [ 0 ] } ],
              "nodes": [ { "mesh": 0 } ],
              "meshes": [ { "primitives": [ { "attributes": { "POSITION": 0 } } ] } ],
              "accessors": [ { "bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0] } ],
              "bufferViews": [ { "buffer": 0, "byteLength": 36, "target": 34962 } ],
              "buffers": [ { "uri": "{{binName}}", "byteLength": 36 } ]
            }
            """;
        var path = Path.Combine(folder, name + ".gltf");
        File.WriteAllText(path, json, Encoding.UTF8);
        return path;
    }
}
