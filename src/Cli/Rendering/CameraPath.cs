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
