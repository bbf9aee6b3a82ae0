using System.Numerics;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Tests.Gpu;

/// <summary>Simple scenes of known geometry, built in code.</summary>
internal static class TestScenes
{
    /// <summary>64x64 view of the z=0 plane from z=+2 with a 90 degree field of view: x,y in [-2, 2] fill the image.</summary>
    public const int Size = 64;
    public static readonly CameraPose Camera = new(new Vector3(0, 0, 2), Quaternion.Identity, MathF.PI / 2, 0.1f, 10f);

    public static MaterialData Emissive(Vector3 color, float alpha = 1, AlphaMode mode = AlphaMode.Opaque, bool doubleSided = false, float cutoff = 0.5f) => new()
    {
        Name = "emissive",
        BaseColorFactor = new Vector4(0, 0, 0, alpha),
        EmissiveFactor = color,
        MetallicFactor = 0,
        AlphaMode = mode,
        AlphaCutoff = cutoff,
        DoubleSided = doubleSided,
    };

    /// <summary>A quad in the plane z, from (x0,y0) to (x1,y1), front face towards +z unless <paramref name="facingAway"/>.</summary>
    public static PrimitiveData Quad(float x0, float y0, float x1, float y1, float z, int material, bool facingAway = false)
    {
        var nz = facingAway ? -1f : 1f;
        return new PrimitiveData
        {
            Positions = [x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z],
            Normals = [0, 0, nz, 0, 0, nz, 0, 0, nz, 0, 0, nz],
            Indices = facingAway ? [0, 2, 1, 0, 3, 2] : [0, 1, 2, 0, 2, 3],
            Material = material,
        };
    }

    public static ModelData Model(string name, IReadOnlyList<PrimitiveData> primitives, IReadOnlyList<MaterialData> materials, IReadOnlyList<TextureData>? textures = null) => new()
    {
        Name = name,
        Meshes = [new MeshData { Name = name, Primitives = primitives }],
        Materials = materials,
        Textures = textures ?? [],
        Nodes = [new NodeData { Name = name, Mesh = 0 }],
        PrimitiveCount = primitives.Sum(p => (long)p.TriangleCount),
    };

    public static RendererOptions Options(int width = Size, int height = Size, long? budget = null, int framesInFlight = 2) => new()
    {
        Width = width,
        Height = height,
        FramesInFlight = framesInFlight,
        PrimitiveBudget = budget,
        ClearColor = new Vector4(0, 0, 0, 1),
        Lighting = Lighting.None,
        Shading = ShadingMode.PerPixel,
    };

    public static byte Srgb(float linear)
    {
        var s = linear <= 0.0031308f ? linear * 12.92f : 1.055f * MathF.Pow(linear, 1 / 2.4f) - 0.055f;
        return (byte)Math.Clamp((int)MathF.Round(s * 255f), 0, 255);
    }

    public static (byte R, byte G, byte B, byte A) Pixel(byte[] image, int width, int x, int y)
    {
        var o = (y * width + x) * 4;
        return (image[o], image[o + 1], image[o + 2], image[o + 3]);
    }

    public static void AssertColor(byte[] image, int width, int x, int y, Vector3 linear, int tolerance = 1)
    {
        var (r, g, b, _) = Pixel(image, width, x, y);
        var (er, eg, eb) = (Srgb(linear.X), Srgb(linear.Y), Srgb(linear.Z));
        Assert.True(Math.Abs(r - er) <= tolerance && Math.Abs(g - eg) <= tolerance && Math.Abs(b - eb) <= tolerance,
            $"pixel ({x},{y}) is ({r},{g},{b}), expected ({er},{eg},{eb}) ±{tolerance}");
    }
}
