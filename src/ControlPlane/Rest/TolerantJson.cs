using System.Text;
using System.Text.Json;
using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Rest;

/// <summary>
/// Parses request bodies as JSON, also accepting JavaScript-style single-quoted strings (the product's
/// own documentation sends <c>{ 'maxLeaseTime': '4:0:0', 'models': [], 'size': 'standard' }</c>).
/// Single-quoted strings are rewritten to double-quoted ones outside of existing strings; everything
/// else must be strict JSON. Objects are checked against the fields a request may have.
/// </summary>
internal static class TolerantJson
{
    public static JsonDocument Parse(ReadOnlySpan<byte> utf8)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw ArrException.BadRequest("The request body is not valid UTF-8.");
        }
        if (string.IsNullOrWhiteSpace(text)) throw ArrException.BadRequest("The request body is empty; a JSON object is required.");
        try
        {
            return JsonDocument.Parse(text.Contains('\'') ? RewriteSingleQuotes(text) : text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw ArrException.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Rewrites 'x' strings to "x" (escaping inner double quotes, unescaping \'); leaves "x" strings as they are.</summary>
    internal static string RewriteSingleQuotes(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' || c == '\'')
            {
                var quote = c;
                sb.Append('"');
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (d == '\\' && i + 1 < text.Length)
                    {
                        var e = text[i + 1];
                        if (quote == '\'' && e == '\'') sb.Append('\'');
                        else sb.Append('\\').Append(e);
                        i += 2;
                        continue;
                    }
                    if (d == quote)
                    {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '"') sb.Append("\\\"");
                    else sb.Append(d);
                    i++;
                }
                if (!closed) throw ArrException.BadRequest("The request body is not valid JSON: a string is not closed.");
                sb.Append('"');
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>The fields of a JSON object, refusing unknown and duplicate names (names compare case-insensitively).</summary>
    public static Dictionary<string, JsonElement> Fields(JsonDocument doc, params string[] allowed) => Fields(doc.RootElement, null, allowed);

    /// <summary>The fields of the JSON object <paramref name="element"/> (at <paramref name="path"/>, for messages), refusing unknown and duplicate names.</summary>
    public static Dictionary<string, JsonElement> Fields(JsonElement element, string? path, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw ArrException.BadRequest(path is null ? "The request body must be a JSON object." : $"Field '{path}' must be a JSON object.");
        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in element.EnumerateObject())
        {
            var name = allowed.FirstOrDefault(a => string.Equals(a, p.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw ArrException.BadRequest($"Unknown field '{(path is null ? "" : path + ".")}{p.Name}'; allowed: {string.Join(", ", allowed)}.");
            if (!result.TryAdd(name, p.Value)) throw ArrException.BadRequest($"Field '{name}' appears twice.");
        }
        return result;
    }

    public static long RequiredInteger(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var v)) throw ArrException.BadRequest($"Field '{name}' is required.");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n)) throw ArrException.BadRequest($"Field '{name}' must be an integer.");
        return n;
    }

    public static string RequiredString(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var v)) throw ArrException.BadRequest($"Field '{name}' is required.");
        if (v.ValueKind != JsonValueKind.String) throw ArrException.BadRequest($"Field '{name}' must be a string.");
        return v.GetString()!;
    }

    /// <summary>An optional string field: absent or null gives null.</summary>
    public static string? OptionalString(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw ArrException.BadRequest($"Field '{name}' must be a string.");
        return v.GetString();
    }

    /// <summary>Parses a v1 lease "h:m:s" (e.g. "4:0:0") to whole minutes (seconds round up).</summary>
    public static long ParseLeaseTime(string text, string field)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            || m > 59 || s > 59 || h > 100000)
        {
            throw ArrException.BadRequest($"Field '{field}' must be a non-negative time span 'h:m:s' such as '4:0:0'; got '{text}'.");
        }
        return h * 60L + m + (s > 0 ? 1 : 0);
    }
}
