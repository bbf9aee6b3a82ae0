namespace ArrHost.Rendering.Models;

/// <summary>Where a host may load models from.</summary>
internal sealed class ModelSourceOptions
{
    /// <summary>Models given as paths are resolved under this folder and may not leave it.</summary>
    public string AssetRoot { get; set; } = Path.Combine(Environment.CurrentDirectory, "assets", "models");

    /// <summary>URL prefixes allowed for http(s) loads; empty means none. "*" allows any http(s) URL.</summary>
    public IList<string> AllowedUrlPrefixes { get; set; } = [];

    /// <summary>The largest download, in bytes, summed over the model and its external files.</summary>
    public long MaxDownloadBytes { get; set; } = 512L * 1024 * 1024;

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
