using System.Numerics;
using ArrHost.Tooling.Camera;

namespace ArrHost.Cli.Rendering;

/// <summary>A camera that moves with time: the pose to send at <c>t</c> seconds after the start.</summary>
internal abstract class CameraPath
{
    protected CameraPath(ModelBounds bounds, CameraLens lens)
    {
        Bounds = bounds.OrUnit();
        Lens = lens;
    }

    public ModelBounds Bounds { get; }
    public CameraLens Lens { get; }

    /// <summary>A short name for logs and reports ("orbit", "dolly", "keyframes").</summary>
    public abstract string Name { get; }

    /// <summary>The camera at <paramref name="t"/> seconds (any finite value; paths repeat or clamp).</summary>
    public abstract CameraView At(double t);

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/> with near/far planes that enclose the bounds.</summary>
    protected CameraView Look(Vector3 eye, Vector3 target)
    {
        var distance = Vector3.Distance(eye, Bounds.Center);
        var (near, far) = AutoFraming.Planes(distance, Bounds.Radius);
        if (Vector3.DistanceSquared(eye, target) < 1e-12f) target = eye - Vector3.UnitZ;
        return CameraView.LookAt(eye, target, Lens.VerticalFovDegrees, near, far);
    }
}

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

/// <summary>Follows keyframes, interpolating eye and target linearly between them and holding the first/last outside their times.</summary>
internal sealed class KeyframePath : CameraPath
{
    private readonly CameraKeyframe[] _keys;

    public KeyframePath(IReadOnlyList<CameraKeyframe> keys, ModelBounds bounds, CameraLens lens) : base(bounds, lens)
    {
        if (keys.Count == 0) throw new ArgumentException("a keyframe path needs at least one keyframe.", nameof(keys));
        _keys = [.. keys.OrderBy(k => k.T)];
    }

    public IReadOnlyList<CameraKeyframe> Keys => _keys;

    public double Duration => _keys[^1].T;

    public override string Name => "keyframes";

    public override CameraView At(double t)
    {
        var (eye, target) = Sample(t);
        return Look(eye, target);
    }

    /// <summary>The interpolated eye and target at <paramref name="t"/>.</summary>
    public (Vector3 Eye, Vector3 Target) Sample(double t)
    {
        if (t <= _keys[0].T) return (_keys[0].Eye, _keys[0].Target);
        if (t >= _keys[^1].T) return (_keys[^1].Eye, _keys[^1].Target);
        var i = 1;
        while (_keys[i].T < t) i++;
        CameraKeyframe a = _keys[i - 1], b = _keys[i];
        var s = (float)((t - a.T) / (b.T - a.T));
        return (Vector3.Lerp(a.Eye, b.Eye, s), Vector3.Lerp(a.Target, b.Target, s));
    }
}
