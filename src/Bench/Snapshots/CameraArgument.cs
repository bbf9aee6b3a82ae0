using System.Globalization;
using System.Numerics;
using ArrHost.Tooling.Camera;

namespace ArrHost.Bench.Snapshots;

/// <summary>The fixed camera of <c>arr render --camera</c>.</summary>
internal static class CameraArgument
{
    /// <summary>
    /// Parses <c>--camera "ex,ey,ez:tx,ty,tz[:fov]"</c> into an eye, a target and an optional vertical
    /// field of view in degrees.
    /// </summary>
    public static (Vector3 Eye, Vector3 Target, float? FovDegrees) ParseCamera(string text)
    {
        const string Form = "expected \"ex,ey,ez:tx,ty,tz[:fov]\", e.g. \"0,1,3:0,0,0:45\"";
        var parts = (text ?? "").Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3) throw new InvalidDataException($"--camera '{text}': {Form}.");
        var eye = Triple(parts[0], "eye", text!, Form);
        var target = Triple(parts[1], "target", text!, Form);
        if (Vector3.DistanceSquared(eye, target) < 1e-12f) throw new InvalidDataException($"--camera '{text}': the eye and the target are the same point.");
        float? fov = null;
        if (parts.Length == 3)
        {
            if (!float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !(f > 1f && f < 179f))
                throw new InvalidDataException($"--camera '{text}': the field of view must be a number of degrees between 1 and 179, not '{parts[2]}'.");
            fov = f;
        }

        return (eye, target, fov);
    }

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/> with near/far planes that enclose <paramref name="bounds"/>.</summary>
    public static CameraView Fixed(Vector3 eye, Vector3 target, ModelBounds bounds, float fovDegrees)
    {
        bounds = bounds.OrUnit();
        var distance = Vector3.Distance(eye, bounds.Center);
        var (near, far) = AutoFraming.Planes(distance, bounds.Radius);
        return CameraView.LookAt(eye, target, fovDegrees, near, far);
    }

    private static Vector3 Triple(string text, string what, string whole, string form)
    {
        var n = text.Split(',', StringSplitOptions.TrimEntries);
        if (n.Length != 3) throw new InvalidDataException($"--camera '{whole}': the {what} needs 3 numbers; {form}.");
        var v = new float[3];
        for (var i = 0; i < 3; i++)
        {
            if (!float.TryParse(n[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !float.IsFinite(v[i]))
                throw new InvalidDataException($"--camera '{whole}': '{n[i]}' in the {what} is not a number; {form}.");
        }

        return new Vector3(v[0], v[1], v[2]);
    }
}
