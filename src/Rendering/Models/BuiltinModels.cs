using System.Numerics;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Scene.Builtin;

namespace ArrHost.Rendering.Models;

/// <summary>Models the project generates: "builtin:spheres?triangles=N" (the benchmark scene) and "builtin:cube".</summary>
internal static class BuiltinModels
{
    public static readonly string[] Names = ["spheres", "cube"];

    public static ModelData Create(BuiltinModelRequest request) => request.Name switch
    {
        "spheres" => SphereField.Create(request.GetInt("triangles", 100_000, 100, 50_000_000)),
        "cube" => Cube(request.GetInt("size", 1, 1, 1000)),
        _ => throw new ModelSourceException("NotFound", $"no builtin model '{request.Name}'; known: {string.Join(", ", Names)}"),
    };

    /// <summary>A cube of edge <paramref name="size"/> centred at the origin with outward normals, one colour per face pair.</summary>
    public static ModelData Cube(float size)
    {
        var h = size / 2f;
        var positions = new List<float>();
        var normals = new List<float>();
        var colors = new List<float>();
        var indices = new List<uint>();
        ReadOnlySpan<(Vector3 N, Vector3 U, Vector3 V, Vector4 C)> faces =
        [
            (Vector3.UnitX, -Vector3.UnitZ, Vector3.UnitY, new Vector4(0.8f, 0.2f, 0.2f, 1)),
            (-Vector3.UnitX, Vector3.UnitZ, Vector3.UnitY, new Vector4(0.8f, 0.2f, 0.2f, 1)),
            (Vector3.UnitY, Vector3.UnitX, -Vector3.UnitZ, new Vector4(0.2f, 0.8f, 0.2f, 1)),
            (-Vector3.UnitY, Vector3.UnitX, Vector3.UnitZ, new Vector4(0.2f, 0.8f, 0.2f, 1)),
            (Vector3.UnitZ, Vector3.UnitX, Vector3.UnitY, new Vector4(0.2f, 0.2f, 0.8f, 1)),
            (-Vector3.UnitZ, -Vector3.UnitX, Vector3.UnitY, new Vector4(0.2f, 0.2f, 0.8f, 1)),
        ];
        foreach (var (n, u, v, c) in faces)
        {
            var start = (uint)(positions.Count / 3);
            foreach (var (su, sv) in new[] { (-1f, -1f), (1f, -1f), (1f, 1f), (-1f, 1f) })
            {
                var p = (n + su * u + sv * v) * h;
                positions.AddRange([p.X, p.Y, p.Z]);
                normals.AddRange([n.X, n.Y, n.Z]);
                colors.AddRange([c.X, c.Y, c.Z, c.W]);
            }

            indices.AddRange([start, start + 1, start + 2, start, start + 2, start + 3]);
        }

        var primitive = new PrimitiveData { Positions = [.. positions], Normals = [.. normals], Colors = [.. colors], Indices = [.. indices] };
        return new ModelData
        {
            Name = "cube",
            Meshes = [new MeshData { Name = "cube", Primitives = [primitive] }],
            Materials = [],
            Textures = [],
            Nodes = [new NodeData { Name = "cube", Mesh = 0 }],
            PrimitiveCount = 12,
            BoundsMin = new Vector3(-h),
            BoundsMax = new Vector3(h),
        };
    }
}
