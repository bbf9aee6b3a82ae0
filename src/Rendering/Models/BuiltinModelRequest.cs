namespace ArrHost.Rendering.Models;

/// <summary>A parsed "builtin:name?key=value&amp;..." URL.</summary>
internal sealed record BuiltinModelRequest(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    public static BuiltinModelRequest Parse(string url)
    {
        var body = url["builtin:".Length..];
        var q = body.IndexOf('?');
        var name = (q < 0 ? body : body[..q]).Trim().ToLowerInvariant();
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (q >= 0)
        {
            foreach (var pair in body[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                parameters[key] = value;
            }
        }

        if (name.Length == 0) throw new ModelSourceException("InvalidArgument", "builtin model name is empty");
        return new BuiltinModelRequest(name, parameters);
    }

    public int GetInt(string key, int fallback, int min, int max)
    {
        if (!Parameters.TryGetValue(key, out var text)) return fallback;
        if (!int.TryParse(text, out var value) || value < min || value > max)
        {
            throw new ModelSourceException("InvalidArgument", $"builtin:{Name}: {key} must be an integer in [{min}, {max}], not '{text}'");
        }

        return value;
    }

    /// <summary>A canonical key so that the same model asked for twice is shared.</summary>
    public string CanonicalKey =>
        "builtin:" + Name + (Parameters.Count == 0 ? "" :
            "?" + string.Join("&", Parameters.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key.ToLowerInvariant()}={p.Value}")));
}
