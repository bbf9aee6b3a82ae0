using System.Numerics;

namespace ArrHost.Tooling.Camera;

/// <summary>
/// A camera pose as the SDK's <c>SubmitPose</c> takes it:
/// position, orientation (looking down local -Z with +Y up), vertical field of view, near and far planes.
/// </summary>
public readonly record struct CameraView(Vector3 Position, Quaternion Orientation, float VerticalFovDegrees, float Near, float Far)
{
    /// <summary>The unit direction the camera looks in (its local -Z in world space).</summary>
    public Vector3 Forward => Vector3.Transform(-Vector3.UnitZ, Orientation);

    /// <summary>The camera's up direction (its local +Y in world space).</summary>
    public Vector3 Up => Vector3.Transform(Vector3.UnitY, Orientation);

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/> with +Y up (+Z up when looking straight up or down).</summary>
    public static CameraView LookAt(Vector3 eye, Vector3 target, float fovDegrees, float near, float far)
    {
        var forward = Vector3.Normalize(target - eye);
        var view = Matrix4x4.CreateLookAt(eye, target, MathF.Abs(forward.Y) > 0.99f ? Vector3.UnitZ : Vector3.UnitY);
        Matrix4x4.Invert(view, out var world);
        var orientation = Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(world));
        return new CameraView(eye, orientation, fovDegrees, near, far);
    }
}
