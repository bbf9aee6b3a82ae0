using System.Numerics;

namespace ArrHost.Rendering.Gpu;

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
