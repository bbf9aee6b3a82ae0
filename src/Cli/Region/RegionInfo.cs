using System.Text.Json.Serialization;

namespace ArrHost.Cli.Region;

/// <summary>What `arr region` writes to out/region.json for scripts and the other commands.</summary>
internal sealed class RegionInfo
{
    [JsonPropertyName("region")] public string Region { get; set; } = "";
    [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
    [JsonPropertyName("restEndpoint")] public string RestEndpoint { get; set; } = "";
    [JsonPropertyName("accountId")] public string AccountId { get; set; } = "";
    [JsonPropertyName("accountKey")] public string AccountKey { get; set; } = "";

    /// <summary>The development certificate clients trust for the https endpoints (arr region --https); null for http.</summary>
    [JsonPropertyName("caCertificate")] public string? CaCertificate { get; set; }
    [JsonPropertyName("hosts")] public List<RegionHostInfo> Hosts { get; set; } = [];
}

/// <summary>One render host of a local region.</summary>
internal sealed class RegionHostInfo
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("size")] public string Size { get; set; } = "";
    [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
    [JsonPropertyName("pid")] public int Pid { get; set; }
    [JsonPropertyName("device")] public string Device { get; set; } = "";
}
