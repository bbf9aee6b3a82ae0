using System.Numerics;
using System.Text.Json;

namespace ArrHost.RenderHost.Gltf;

/// <summary>Typed, validated reads from glTF JSON; every failure is a <see cref="GltfLoadException"/> naming the element.</summary>
internal static class GltfJson
{
    public static JsonElement[] Array(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return [];
        if (el.ValueKind != JsonValueKind.Array) throw new GltfLoadException($"'{name}' must be an array");
        var result = new JsonElement[el.GetArrayLength()];
        int i = 0;
        foreach (var item in el.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw new GltfLoadException($"{name}[{i}] must be an object");
            result[i++] = item;
        }
        return result;
    }

    public static bool Has(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var el) && el.ValueKind != JsonValueKind.Null;

    public static int? OptInt(JsonElement obj, string name, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt64(out long v) || v < int.MinValue || v > int.MaxValue)
            throw new GltfLoadException($"{ctx}: '{name}' must be an integer, got {Show(el)}");
        return (int)v;
    }

    public static long? OptLong(JsonElement obj, string name, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt64(out long v))
            throw new GltfLoadException($"{ctx}: '{name}' must be an integer, got {Show(el)}");
        return v;
    }

    public static int ReqInt(JsonElement obj, string name, string ctx) =>
        OptInt(obj, name, ctx) ?? throw new GltfLoadException($"{ctx}: required property '{name}' is missing");

    /// <summary>An index into an array of <paramref name="count"/> items named <paramref name="what"/>.</summary>
    public static int? OptIndex(JsonElement obj, string name, int count, string what, string ctx)
    {
        int? v = OptInt(obj, name, ctx);
        if (v is { } i && (i < 0 || i >= count))
            throw new GltfLoadException($"{ctx}: '{name}' refers to {what} {i}, but the file has {count} {what}s");
        return v;
    }

    public static int Index(JsonElement el, int count, string what, string ctx)
    {
        if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt32(out int i))
            throw new GltfLoadException($"{ctx}: expected a {what} index, got {Show(el)}");
        if (i < 0 || i >= count)
            throw new GltfLoadException($"{ctx}: refers to {what} {i}, but the file has {count} {what}s");
        return i;
    }

    public static float OptFloat(JsonElement obj, string name, float fallback, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return fallback;
        if (el.ValueKind != JsonValueKind.Number) throw new GltfLoadException($"{ctx}: '{name}' must be a number, got {Show(el)}");
        float f = (float)el.GetDouble();
        if (!float.IsFinite(f)) throw new GltfLoadException($"{ctx}: '{name}' is not a finite number");
        return f;
    }

    public static bool OptBool(JsonElement obj, string name, bool fallback, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return fallback;
        return el.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new GltfLoadException($"{ctx}: '{name}' must be a boolean, got {Show(el)}"),
        };
    }

    public static string? OptString(JsonElement obj, string name, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.String) throw new GltfLoadException($"{ctx}: '{name}' must be a string, got {Show(el)}");
        return el.GetString();
    }

    public static JsonElement? OptObject(JsonElement obj, string name, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.Object) throw new GltfLoadException($"{ctx}: '{name}' must be an object");
        return el;
    }

    public static float[]? OptFloats(JsonElement obj, string name, int? exactLength, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.Array) throw new GltfLoadException($"{ctx}: '{name}' must be an array of numbers");
        int n = el.GetArrayLength();
        if (exactLength is { } len && n != len) throw new GltfLoadException($"{ctx}: '{name}' must have {len} numbers, has {n}");
        var result = new float[n];
        int i = 0;
        foreach (var item in el.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number) throw new GltfLoadException($"{ctx}: '{name}'[{i}] must be a number");
            float f = (float)item.GetDouble();
            if (!float.IsFinite(f)) throw new GltfLoadException($"{ctx}: '{name}'[{i}] is not a finite number");
            result[i++] = f;
        }
        return result;
    }

    public static int[] OptIndices(JsonElement obj, string name, int count, string what, string ctx)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return [];
        if (el.ValueKind != JsonValueKind.Array) throw new GltfLoadException($"{ctx}: '{name}' must be an array of {what} indices");
        var result = new int[el.GetArrayLength()];
        int i = 0;
        foreach (var item in el.EnumerateArray())
        {
            result[i] = Index(item, count, what, $"{ctx}: '{name}'[{i}]");
            i++;
        }
        return result;
    }

    public static string[] OptStrings(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var el) || el.ValueKind != JsonValueKind.Array) return [];
        var list = new List<string>();
        foreach (var item in el.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
        return list.ToArray();
    }

    public static Vector4 OptVec4(JsonElement obj, string name, Vector4 fallback, string ctx) =>
        OptFloats(obj, name, 4, ctx) is { } f ? new Vector4(f[0], f[1], f[2], f[3]) : fallback;

    public static Vector3 OptVec3(JsonElement obj, string name, Vector3 fallback, string ctx) =>
        OptFloats(obj, name, 3, ctx) is { } f ? new Vector3(f[0], f[1], f[2]) : fallback;

    private static string Show(JsonElement el)
    {
        var text = el.GetRawText();
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
