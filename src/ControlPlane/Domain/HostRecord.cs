using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Domain;

/// <summary>The last known state of a render host.</summary>
internal sealed class HostRecord
{
    public required string HostId { get; init; }
    public required string Region { get; set; }
    public SessionSize Size { get; set; }
    public string RenderEndpoint { get; set; } = "";
    public HostState State { get; set; }
    public string? SessionAccountId { get; set; }
    public string? SessionId { get; set; }
    public HostCapabilities Capabilities { get; set; } = new();
    public DateTimeOffset LastHeartbeat { get; set; }
}
