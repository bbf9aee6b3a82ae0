namespace ArrHost.Tooling.Region;

/// <summary>How `arr region` (and demo, bench, the integration tests) lay out a local region.</summary>
public sealed class RegionOptions
{
    public string Region { get; set; } = "local";

    /// <summary>Render host sizes, one host each, e.g. ["standard", "premium"].</summary>
    public IReadOnlyList<string> Hosts { get; set; } = ["standard", "premium"];

    /// <summary>"sqlite:PATH" or "postgres:CONNECTION STRING".</summary>
    public string Store { get; set; } = "sqlite:out/region.db";

    /// <summary>Simulated VM start-up per session, in seconds (the real service took ~150).</summary>
    public double StartupDelaySeconds { get; set; } = 2;

    /// <summary>0 picks free ports.</summary>
    public int GrpcPort { get; set; }
    public int RestPort { get; set; }

    public string OutDirectory { get; set; } = "out";
    public string AssetRoot { get; set; } = "";

    /// <summary>Comma-separated http(s) URL prefixes every render host may load models from ("*" for any); empty allows none.</summary>
    public string AllowedUrls { get; set; } = "";

    /// <summary>Serve the control plane's REST and gRPC ports over TLS with a development certificate made under the out directory.</summary>
    public bool Https { get; set; }

    /// <summary>Extra switches for the control plane (e.g. heartbeat timing).</summary>
    public IReadOnlyList<string> ControlPlaneArguments { get; set; } = [];

    /// <summary>Extra switches for every render host (e.g. a device or a test primitive budget).</summary>
    public IReadOnlyList<string> HostArguments { get; set; } = [];

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
