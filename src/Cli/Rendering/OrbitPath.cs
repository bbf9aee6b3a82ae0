using ArrHost.Tooling.Camera;

namespace ArrHost.Cli.Rendering;

/// <summary>Circles the model once per <see cref="Period"/> at the auto-framing distance and elevation, starting at the default view.</summary>
internal sealed class OrbitPath(ModelBounds bounds, CameraLens lens, double period) : CameraPath(bounds, lens)
{
    public double Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period), "the orbit period must be positive.");

    public override string Name => "orbit";

    public override CameraView At(double t)
    {
        var azimuth = AutoFraming.AzimuthDegrees + (float)(360.0 * (t / Period % 1.0));
        return AutoFraming.Frame(Bounds, Lens, azimuth, AutoFraming.ElevationDegrees, 1f);
    }
}
