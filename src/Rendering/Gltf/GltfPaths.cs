namespace ArrHost.Rendering.Gltf;

/// <summary>Resolves a glTF URI to a file that must stay inside a root folder, symbolic links included.</summary>
internal static class GltfPaths
{
    private const int MaxLinkHops = 40;

    /// <summary>The real path (every symbolic link resolved) of an existing or missing path.</summary>
    public static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        string current = root;
        int hops = 0;
        foreach (var part in parts)
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                if (++hops > MaxLinkHops) throw new GltfLoadException($"too many symbolic links resolving {path}");
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(target.FullName);
            }
            current = next;
        }
        return current;
    }

    public static bool IsInside(string realPath, string realRoot)
    {
        string rootWithSep = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        return realPath.StartsWith(rootWithSep, StringComparison.Ordinal);
    }

    /// <summary>
    /// The file a relative URI names, resolved against <paramref name="baseDirectory"/>; refused when
    /// absolute, when it has a scheme, or when it (or a link on the way) leaves <paramref name="realRoot"/>.
    /// </summary>
    public static string Resolve(string uri, string baseDirectory, string realRoot)
    {
        if (uri.Length == 0) throw new GltfLoadException("empty uri");
        int colon = uri.IndexOf(':');
        int slash = uri.IndexOfAny(['/', '\\']);
        if (colon > 0 && (slash < 0 || colon < slash))
            throw new GltfLoadException($"uri '{Short(uri)}' has a scheme; only relative file paths and data: URIs are allowed");
        string decoded;
        try { decoded = Uri.UnescapeDataString(uri); }
        catch (Exception e) { throw new GltfLoadException($"uri '{Short(uri)}' is not a valid URI: {e.Message}"); }
        if (decoded.Contains('\0')) throw new GltfLoadException($"uri contains a NUL character");
        decoded = decoded.Replace('\\', '/');
        if (decoded.StartsWith('/') || Path.IsPathRooted(decoded))
            throw new GltfLoadException($"uri '{Short(uri)}' is an absolute path; it must be relative to the model");
        string full = Path.GetFullPath(Path.Combine(baseDirectory, decoded));
        string real = RealPath(full);
        if (!IsInside(real, realRoot))
            throw new GltfLoadException($"uri '{Short(uri)}' resolves outside the model's folder ({realRoot}); refused");
        return real;
    }

    public static string Short(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
