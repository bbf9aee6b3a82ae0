using System.Numerics;

namespace ArrHost.Tooling.Camera;

/// <summary>
/// Places a camera so that a model's bounding sphere fits both the vertical and the horizontal
/// field of view, looking at the bounds' centre slightly down from the front-right (glTF models
/// face +Z with +Y up).
/// </summary>
public static class AutoFraming
{
    /// <summary>Azimuth of the default view from +Z towards +X (to the model's front-right).</summary>
    public const float AzimuthDegrees = 35f;

    /// <summary>Elevation of the default view above the horizon (looking slightly down).</summary>
    public const float ElevationDegrees = 20f;

    /// <summary>Extra room around the bounding sphere (1 = the sphere touches the narrower image edges).</summary>
    public const float Margin = 1.05f;

    /// <summary>The unit vector from the target to the eye for an azimuth (from +Z towards +X) and elevation, in degrees.</summary>
    public static Vector3 Direction(float azimuthDegrees, float elevationDegrees)
    {
        float az = azimuthDegrees * MathF.PI / 180f, el = elevationDegrees * MathF.PI / 180f;
        return new Vector3(MathF.Sin(az) * MathF.Cos(el), MathF.Sin(el), MathF.Cos(az) * MathF.Cos(el));
    }

    /// <summary>The distance from the centre at which a sphere of <paramref name="radius"/> just fits the narrower field of view, times <paramref name="margin"/>.</summary>
    public static float FitDistance(float radius, CameraLens lens, float margin = Margin)
    {
        var half = MathF.Min(lens.HalfVertical, lens.HalfHorizontal);
        return radius / MathF.Sin(half) * margin;
    }

    /// <summary>Near and far planes that enclose a sphere of <paramref name="radius"/> seen from <paramref name="distance"/>, with room to spare.</summary>
    public static (float Near, float Far) Planes(float distance, float radius)
    {
        var near = MathF.Max(distance - radius * 1.5f, radius * 0.01f);
        var far = distance + radius * 2f;
        return (near, far);
    }

    /// <summary>The default camera for <paramref name="bounds"/>.</summary>
    public static CameraView Frame(ModelBounds bounds, CameraLens lens) =>
        Frame(bounds, lens, AzimuthDegrees, ElevationDegrees, 1f);

    /// <summary>A camera on the fitted sphere around <paramref name="bounds"/> at the given angles, <paramref name="zoom"/> times the fitted distance away.</summary>
    public static CameraView Frame(ModelBounds bounds, CameraLens lens, float azimuthDegrees, float elevationDegrees, float zoom)
    {
        bounds = bounds.OrUnit();
        var radius = bounds.Radius;
        var distance = FitDistance(radius, lens) * zoom;
        var eye = bounds.Center + Direction(azimuthDegrees, elevationDegrees) * distance;
        var (near, far) = Planes(distance, radius);
        return CameraView.LookAt(eye, bounds.Center, lens.VerticalFovDegrees, near, far);
    }
}
