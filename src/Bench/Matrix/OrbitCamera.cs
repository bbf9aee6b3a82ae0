using System.Numerics;
using ArrHost.Rendering.Scene;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// The baseline's moving camera (vkbase frame_pc): 12.5 units in front of the sphere grid, orbiting
/// +/-0.15 rad and bobbing +/-0.6 units, 60 degree vertical field of view, near 0.5, far 100.
/// </summary>
internal static class OrbitCamera
{
    public const float FovDegrees = 60f, Near = 0.5f, Far = 100f;

    public static CameraState At(long frame)
    {
        var a = 0.15f * MathF.Sin(frame * 0.02f);
        var b = 0.6f * MathF.Sin(frame * 0.013f);
        var eye = new Vector3(12.5f * MathF.Sin(a), b, 12.5f * MathF.Cos(a));
        return CameraState.LookAt(eye, Vector3.Zero, FovDegrees, Near, Far);
    }
}
