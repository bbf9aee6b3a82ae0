using System.Numerics;

namespace ArrHost.Rendering.Scene.Builtin;

/// <summary>
/// The benchmark scene of ../shared/baseline (vkbase): a 24 x 14 grid of lit UV spheres (radius 0.49,
/// integer centres, z wobble) filling the view, tessellated to about the requested triangle count.
/// One primitive with per-vertex colours (the baseline derives the same colours in its shader).
/// </summary>
internal static class SphereField
{
    public const int GridX = 24, GridY = 14;
    public const float Radius = 0.49f;

    /// <summary>Stacks and slices per sphere for a triangle target (as the baseline computes them).</summary>
    public static (int Stacks, int Slices) Tessellation(long targetTriangles)
    {
        var t = (double)targetTriangles / (GridX * GridY);
        var stacks = Math.Max(2, (int)Math.Round(Math.Sqrt(t / 4.0), MidpointRounding.AwayFromZero));
        var slices = Math.Max(3, (int)Math.Round(t / (2.0 * (stacks - 1)), MidpointRounding.AwayFromZero));
        return (stacks, slices);
    }

    public static ModelData Create(long targetTriangles)
    {
        var (st, sl) = Tessellation(targetTriangles);
        var spheres = GridX * GridY;
        var vps = (st + 1) * (sl + 1);
        var tps = 2 * sl * (st - 1);
        var vertexCount = (long)vps * spheres;
        if (vertexCount > int.MaxValue / 4) throw new ArgumentOutOfRangeException(nameof(targetTriangles), "Too many triangles for one primitive.");
        var positions = new float[vertexCount * 3];
        var normals = new float[vertexCount * 3];
        var colors = new float[vertexCount * 4];
        var indices = new uint[(long)tps * 3 * spheres];
        long vi = 0, ii = 0;
        for (var gy = 0; gy < GridY; gy++)
            for (var gx = 0; gx < GridX; gx++)
            {
                float cx = gx - GridX / 2, cy = gy - GridY / 2;
                var cz = 0.25f * MathF.Sin(gx * 1.7f + gy * 2.3f);
                var color = SphereColor(cx, cy);
                var baseIndex = (uint)vi;
                for (var i = 0; i <= st; i++)
                {
                    var th = MathF.PI * i / st;
                    for (var j = 0; j <= sl; j++)
                    {
                        var ph = 2f * MathF.PI * j / sl;
                        float nx = MathF.Sin(th) * MathF.Cos(ph), ny = MathF.Cos(th), nz = MathF.Sin(th) * MathF.Sin(ph);
                        normals[vi * 3] = nx; normals[vi * 3 + 1] = ny; normals[vi * 3 + 2] = nz;
                        positions[vi * 3] = cx + Radius * nx; positions[vi * 3 + 1] = cy + Radius * ny; positions[vi * 3 + 2] = cz + Radius * nz;
                        colors[vi * 4] = color.X; colors[vi * 4 + 1] = color.Y; colors[vi * 4 + 2] = color.Z; colors[vi * 4 + 3] = 1;
                        vi++;
                    }
                }
                for (var i = 0; i < st; i++)
                    for (var j = 0; j < sl; j++)
                    {
                        uint a = baseIndex + (uint)(i * (sl + 1) + j), b = a + (uint)(sl + 1), c = b + 1, d = a + 1;
                        // counter-clockwise seen from outside (glTF front faces)
                        if (i != 0) { indices[ii++] = a; indices[ii++] = d; indices[ii++] = c; }
                        if (i != st - 1) { indices[ii++] = a; indices[ii++] = c; indices[ii++] = b; }
                    }
            }
        var primitive = new PrimitiveData { Positions = positions, Normals = normals, Colors = colors, Indices = indices, Material = 0 };
        return new ModelData
        {
            Name = $"sphere-field-{targetTriangles}",
            Meshes = [new MeshData { Name = "spheres", Primitives = [primitive] }],
            Materials = [new MaterialData { Name = "painted", MetallicFactor = 0f, RoughnessFactor = 0.55f }],
            Textures = [],
            Nodes = [new NodeData { Name = "spheres", Mesh = 0 }],
            PrimitiveCount = primitive.TriangleCount,
            BoundsMin = new Vector3(-GridX / 2 - Radius, -GridY / 2 - Radius, -0.25f - Radius),
            BoundsMax = new Vector3(GridX / 2 - 1 + Radius, GridY / 2 - 1 + Radius, 0.25f + Radius),
        };
    }

    /// <summary>The baseline's per-sphere colour (display-referred), converted to linear.</summary>
    private static Vector3 SphereColor(float cx, float cy)
    {
        static float Channel(float phase, float cx, float cy) => 0.55f + 0.45f * MathF.Cos(2f * MathF.PI * (phase + 0.037f * cx + 0.061f * cy));
        static float Linear(float s) => s <= 0.04045f ? s / 12.92f : MathF.Pow((s + 0.055f) / 1.055f, 2.4f);
        return new Vector3(Linear(Channel(0f, cx, cy)), Linear(Channel(0.33f, cx, cy)), Linear(Channel(0.67f, cx, cy)));
    }
}
