namespace ArrHost.Tooling.Region;

/// <summary>Parses "MARKER key=value key=value" lines that region processes print when ready.</summary>
public static class ReadyLine
{
    public static Dictionary<string, string> Parse(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq > 0) fields[part[..eq]] = part[(eq + 1)..];
        }

        return fields;
    }
}
