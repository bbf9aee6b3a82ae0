namespace ArrHost.ControlPlane.Conversions;

/// <summary>Containment and name checks for the paths of a conversion.</summary>
internal static class PathRules
{
    /// <summary>Whether <paramref name="full"/> (a full path) lies inside <paramref name="folder"/> (a full path).</summary>
    public static bool IsUnder(string full, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>A container-relative path with '/' separators: no scheme, no root, no '..' or '.' segment, no NUL or backslash.</summary>
    public static bool IsSafeRelative(string path)
    {
        if (path.Length == 0 || path.Length > 1024 || path.Contains('\0') || path.Contains('\\') || path.StartsWith('/') || path.Contains(':')) return false;
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..") return false;
        }
        return true;
    }

    /// <summary>A blob prefix: empty, or a safe relative path ending in '/' (a folder) or not (a name prefix).</summary>
    public static bool IsSafePrefix(string prefix) => prefix.Length == 0 || IsSafeRelative(prefix.TrimEnd('/'));
}
