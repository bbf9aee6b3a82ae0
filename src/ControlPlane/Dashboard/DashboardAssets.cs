using System.Collections.Frozen;

namespace ArrHost.ControlPlane.Dashboard;

/// <summary>The dashboard's page, embedded in the assembly (Dashboard/Web): plain HTML, JS and CSS, no CDN.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> s_files = Load();

    public static (byte[] Bytes, string ContentType) Get(string name) => s_files[name];

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in new[] { "index.html", "dashboard.js", "dashboard.css" })
        {
            using var stream = assembly.GetManifestResourceStream("ArrHost.ControlPlane.Dashboard.Web." + name)
                ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var type = System.IO.Path.GetExtension(name) switch
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
