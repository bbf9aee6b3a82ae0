using System.Text.Json;

namespace ArrHost.Tooling.CommandLine;

/// <summary>
/// What <c>arr region</c> writes to <c>out/region.json</c> for scripts: the endpoints and the
/// development account of the running local region.
/// </summary>
public sealed record RegionFile(string? Endpoint, string? RestEndpoint, string? AccountId, string? AccountKey, string? CaCertificate = null)
{
    /// <summary>The file's path relative to the repository (and working) directory.</summary>
    public const string RelativePath = "out/region.json";

    /// <summary>Environment variable that names another region file.</summary>
    public const string PathVariable = "ARR_REGION_FILE";

    /// <summary>Reads a region file; null when it does not exist. Throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static RegionFile? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return new RegionFile(Get(root, "endpoint"), Get(root, "restEndpoint"), Get(root, "accountId"), Get(root, "accountKey"), Get(root, "caCertificate"));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Where the region file is: <c>$ARR_REGION_FILE</c> when set, else the first <c>out/region.json</c>
    /// in the working directory or one of its parents; null when none exists.
    /// </summary>
    public static string? Locate(string currentDirectory, Func<string, string?> getEnvironment)
    {
        var explicitPath = getEnvironment(PathVariable);
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static string? Get(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
