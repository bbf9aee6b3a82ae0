using System.Text.Json.Serialization;

namespace ArrHost.Tooling.Region;

/// <summary>One render host of a local region.</summary>
public sealed class RegionHostInfo
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("size")] public string Size { get; set; } = "";
    [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
    [JsonPropertyName("pid")] public int Pid { get; set; }
    [JsonPropertyName("device")] public string Device { get; set; } = "";
}
