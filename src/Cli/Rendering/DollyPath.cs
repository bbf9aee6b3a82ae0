using ArrHost.Tooling.Camera;

namespace ArrHost.Cli.Rendering;

/// <summary>Moves from the auto-framing view towards the model and back once per <see cref="Period"/> (zoom 1.3x .. 0.55x the fitted distance).</summary>
internal sealed class DollyPath(ModelBounds bounds, CameraLens lens, double period) : CameraPath(bounds, lens)
{
    public const float FarZoom = 1.3f;
    public const float NearZoom = 0.55f;

    public double Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period), "the dolly period must be positive.");

    public override string Name => "dolly";

    /// <summary>The zoom (multiple of the fitted distance) at <paramref name="t"/>: far at 0, near at half the period.</summary>
    public float Zoom(double t)
    {
        var phase = (float)(t / Period % 1.0);
        var s = 0.5f - 0.5f * MathF.Cos(2f * MathF.PI * phase);
        return FarZoom + (NearZoom - FarZoom) * s;
    }

    public override CameraView At(double t) =>
        AutoFraming.Frame(Bounds, Lens, AutoFraming.AzimuthDegrees, AutoFraming.ElevationDegrees, Zoom(t));
}
