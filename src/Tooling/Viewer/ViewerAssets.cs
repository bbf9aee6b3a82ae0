using System.Collections.Frozen;

namespace ArrHost.Tooling.Viewer;

/// <summary>The page's files, embedded in the assembly (Viewer/Web): plain HTML, JS and CSS, no CDN.</summary>
public static class ViewerAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> s_files = Load();

    public static bool TryGet(string name, out byte[] bytes, out string contentType)
    {
        if (s_files.TryGetValue(name, out var file))
        {
            (bytes, contentType) = file;
            return true;
        }

        bytes = [];
        contentType = "";
        return false;
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(ViewerAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in new[] { "index.html", "viewer.js", "viewer.css" })
        {
            using var stream = assembly.GetManifestResourceStream("ArrHost.Tooling.Viewer.Web." + name)
                ?? throw new InvalidOperationException($"The viewer's {name} is not embedded in the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "text/css; charset=utf-8",
            };
            files[name] = (copy.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
