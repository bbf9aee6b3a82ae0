using System.Text.Json.Serialization;

namespace ArrHost.Tooling.Region;

/// <summary>What `arr region` writes to out/region.json for scripts and the other commands.</summary>
public sealed class RegionInfo
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
