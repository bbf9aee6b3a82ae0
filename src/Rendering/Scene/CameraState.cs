using System.Numerics;
using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Scene;

/// <summary>A camera from a client's pose: it looks down its local -Z with +Y up.</summary>
internal readonly record struct CameraState(Vector3 Position, Quaternion Orientation, float VerticalFovDegrees, float Near, float Far)
{
    public static CameraState FromPose(CameraPose pose)
    {
        var q = pose.Orientation is { } o && (o.X != 0 || o.Y != 0 || o.Z != 0 || o.W != 0)
            ? Quaternion.Normalize(new Quaternion(o.X, o.Y, o.Z, o.W))
            : Quaternion.Identity;
        var p = pose.Position is { } v ? new Vector3(v.X, v.Y, v.Z) : Vector3.Zero;
        var fov = pose.VerticalFovDegrees is > 1f and < 179f ? pose.VerticalFovDegrees : 60f;
        var near = pose.NearPlane > 0 ? pose.NearPlane : 0.05f;
        var far = pose.FarPlane > near ? pose.FarPlane : Math.Max(1000f, near * 2);
        if (!float.IsFinite(p.X + p.Y + p.Z + q.X + q.Y + q.Z + q.W)) return new CameraState(Vector3.Zero, Quaternion.Identity, fov, near, far);
        return new CameraState(p, q, fov, near, far);
    }

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/>.</summary>
    public static CameraState LookAt(Vector3 eye, Vector3 target, float fovDegrees, float near, float far)
    {
        var view = Matrix4x4.CreateLookAt(eye, target, MathF.Abs(Vector3.Normalize(target - eye).Y) > 0.99f ? Vector3.UnitZ : Vector3.UnitY);
        Matrix4x4.Invert(view, out var world);
        var orientation = Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(world));
        return new CameraState(eye, orientation, fovDegrees, near, far);
    }
}
