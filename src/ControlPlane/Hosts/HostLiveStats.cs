using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Hosts;

/// <summary>A host's last heartbeat as this replica received it: kept in memory only (for the dashboard).</summary>
/// <param name="ClientConnected">Whether a client was connected to its session.</param>
/// <param name="DeviceMemoryUsedBytes">Device memory in use.</param>
/// <param name="Frames">Its frame counters and the means over its last heartbeat interval.</param>
/// <param name="ReceivedAt">When the heartbeat arrived.</param>
internal sealed record HostLiveStats(bool ClientConnected, ulong DeviceMemoryUsedBytes, HostFrameStats Frames, DateTimeOffset ReceivedAt);
