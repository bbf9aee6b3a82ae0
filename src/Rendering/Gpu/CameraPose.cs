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
