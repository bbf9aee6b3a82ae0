using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ArrHost.Tooling.Camera;

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
