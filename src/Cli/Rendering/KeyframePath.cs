using System.Numerics;
using ArrHost.Tooling.Camera;

namespace ArrHost.Cli.Rendering;

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
