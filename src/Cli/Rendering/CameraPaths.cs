using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace ArrHost.Cli.Rendering;

/// <summary>
/// Creates the camera paths of <c>arr connect</c>, <c>arr demo</c> and <c>arr bench</c> from their
/// command-line names ("orbit", "dolly" or a keyframe JSON file), and parses camera options.
/// Problems with the user's input are <see cref="InvalidDataException"/>s naming them (exit code 2).
/// </summary>
internal static class CameraPaths
{
    /// <summary>
    /// The path named by <paramref name="spec"/>: "orbit" (one turn per <paramref name="period"/>),
    /// "dolly" (in and out once per <paramref name="period"/>), or a JSON keyframe file.
    /// </summary>
    public static CameraPath Create(string spec, ModelBounds bounds, CameraLens lens, double period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        switch (spec.Trim().ToLowerInvariant())
        {
            case "orbit": return new OrbitPath(bounds, lens, period);
            case "dolly": return new DollyPath(bounds, lens, period);
        }

        if (!File.Exists(spec))
        {
            throw new InvalidDataException($"--path must be orbit, dolly or a keyframe JSON file; '{spec}' is none of them (file not found).");
        }

        string json;
        try
        {
            json = File.ReadAllText(spec);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"cannot read the camera path {spec}: {ex.Message}", ex);
        }

        return new KeyframePath(ParseKeyframes(json, spec), bounds, lens);
    }

    /// <summary>Parses <c>[{"t":0,"eye":[x,y,z],"target":[x,y,z]}, ...]</c>: at least one key, finite numbers, distinct non-negative times.</summary>
    public static IReadOnlyList<CameraKeyframe> ParseKeyframes(string json, string source = "camera path")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{source}: expected an array of keyframes [{{\"t\":0,\"eye\":[x,y,z],\"target\":[x,y,z]}}, ...].");
            var keys = new List<CameraKeyframe>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var where = $"{source}: keyframe {index}";
                if (item.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where} is not an object.");
                var t = item.TryGetProperty("t", out var te) && te.ValueKind == JsonValueKind.Number ? te.GetDouble()
                    : throw new InvalidDataException($"{where}: \"t\" (seconds) is missing or not a number.");
                if (!double.IsFinite(t) || t < 0) throw new InvalidDataException($"{where}: \"t\" must be a finite number >= 0, not {t.ToString(CultureInfo.InvariantCulture)}.");
                var eye = Vector(item, "eye", where);
                var target = Vector(item, "target", where);
                if (Vector3.DistanceSquared(eye, target) < 1e-12f) throw new InvalidDataException($"{where}: \"eye\" and \"target\" are the same point.");
                keys.Add(new CameraKeyframe(t, eye, target));
                index++;
            }

            if (keys.Count == 0) throw new InvalidDataException($"{source}: the keyframe array is empty.");
            var sorted = keys.Select(k => k.T).Order().ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] == sorted[i - 1])
                    throw new InvalidDataException($"{source}: two keyframes share the time {sorted[i].ToString(CultureInfo.InvariantCulture)} s.");
            }

            return keys;
        }
    }

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

    private static Vector3 Vector(JsonElement item, string name, string where)
    {
        if (!item.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 3)
            throw new InvalidDataException($"{where}: \"{name}\" must be an array of 3 numbers.");
        var v = new float[3];
        var i = 0;
        foreach (var c in e.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Number || !float.IsFinite(v[i] = c.GetSingle()))
                throw new InvalidDataException($"{where}: \"{name}\" must be an array of 3 finite numbers.");
            i++;
        }

        return new Vector3(v[0], v[1], v[2]);
    }
}
