using System.Numerics;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// A camera pose as the client sends it: position and orientation (glTF convention: the camera
/// looks down its local -Z with +Y up), vertical field of view and clip planes.
/// </summary>
internal readonly record struct CameraPose(Vector3 Position, Quaternion Orientation, float VerticalFovRadians, float Near, float Far)
{
    /// <summary>World -> view (System.Numerics row-vector convention).</summary>
    public Matrix4x4 View()
    {
        var world = Matrix4x4.CreateFromQuaternion(Quaternion.Normalize(Orientation)) * Matrix4x4.CreateTranslation(Position);
        Matrix4x4.Invert(world, out var view);
        return view;
    }

    /// <summary>View -> Vulkan clip space: depth 0..1, and Y flipped so +Y is up on screen.</summary>
    public Matrix4x4 Projection(float aspect) => VulkanProjection(VerticalFovRadians, aspect, Near, Far);

    public static Matrix4x4 VulkanProjection(float vfov, float aspect, float near, float far)
    {
        if (!(near > 0) || !(far > near)) throw new ArgumentOutOfRangeException(nameof(near), $"Clip planes must satisfy 0 < near < far (near {near}, far {far}).");
        if (!(vfov > 0 && vfov < MathF.PI)) throw new ArgumentOutOfRangeException(nameof(vfov), $"Vertical field of view {vfov} rad is outside (0, pi).");
        var p = Matrix4x4.CreatePerspectiveFieldOfView(vfov, aspect, near, far); // right-handed, z in [0, 1]
        p.M22 = -p.M22;
        return p;
    }

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/>.</summary>
    public static CameraPose LookAt(Vector3 eye, Vector3 target, Vector3 up, float vfov, float near, float far)
    {
        var view = Matrix4x4.CreateLookAt(eye, target, up);
        Matrix4x4.Invert(view, out var world);
        var q = Quaternion.CreateFromRotationMatrix(world);
        return new CameraPose(eye, q, vfov, near, far);
    }
}

/// <summary>
/// One model drawn with a world transform. <paramref name="NodeWorlds"/>, when the client moved or
/// deleted nodes inside the model, replaces the file's node transforms: entry i is node i's transform
/// relative to the model's root, and an all-zero matrix (M44 == 0) marks a deleted node, not drawn.
/// </summary>
internal readonly record struct DrawInstance(GpuModel Model, Matrix4x4 World, Matrix4x4[]? NodeWorlds = null);

/// <summary>Light set-up (linear radiometric values).</summary>
internal readonly record struct Lighting(Vector3 DirectionToLight, Vector3 LightColor, Vector3 SkyColor, Vector3 GroundColor)
{
    public static readonly Lighting Default = new(
        Vector3.Normalize(new Vector3(0.4f, 0.6f, 0.7f)), new Vector3(2.6f), new Vector3(0.38f, 0.40f, 0.45f), new Vector3(0.12f, 0.11f, 0.10f));

    /// <summary>No light at all: only emissive colour shows (for exact-colour tests).</summary>
    public static readonly Lighting None = new(Vector3.UnitY, Vector3.Zero, Vector3.Zero, Vector3.Zero);
}

/// <summary>What one frame cost, in microseconds, and whether the scene was replaced by the checkerboard.</summary>
internal readonly record struct FrameTimings(
    long FrameNumber,
    double WaitMicros,
    double RenderMicros,
    double ReadbackMicros,
    long Primitives,
    bool OverBudget)
{
    public double TotalMicros => WaitMicros + RenderMicros + ReadbackMicros;
}

/// <summary>Options of a renderer: fixed resolution and frame slots.</summary>
internal sealed class RendererOptions
{
    /// <summary>Standard hosts render at most this many primitives (as ARR): beyond it a checkerboard is shown.</summary>
    public const long StandardPrimitiveBudget = 20_000_000;

    public required int Width { get; init; }
    public required int Height { get; init; }
    public int FramesInFlight { get; init; } = 2;
    /// <summary>Null = no limit (Premium).</summary>
    public long? PrimitiveBudget { get; init; } = StandardPrimitiveBudget;
    /// <summary>Linear clear colour.</summary>
    public Vector4 ClearColor { get; init; } = new(0.02f, 0.02f, 0.03f, 1f);
    public Lighting Lighting { get; init; } = Lighting.Default;
    /// <summary>Per-pixel or per-vertex shading of untextured materials; Auto picks per device kind.</summary>
    public ShadingMode Shading { get; init; } = ShadingMode.Auto;
    /// <summary>Bound on every fence wait.</summary>
    public TimeSpan FenceTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public void Validate()
    {
        if (Width is < 1 or > 16384 || Height is < 1 or > 16384) throw new ArgumentOutOfRangeException(nameof(Width), $"Resolution {Width}x{Height} is outside 1..16384.");
        if (FramesInFlight is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(FramesInFlight), "FramesInFlight must be 1..8.");
        if (PrimitiveBudget is < 0) throw new ArgumentOutOfRangeException(nameof(PrimitiveBudget));
    }
}
