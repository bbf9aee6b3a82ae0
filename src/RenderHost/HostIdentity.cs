using ArrHost.Protos.V1;

namespace ArrHost.RenderHost;

/// <summary>Who this host is, as told to the control plane and to clients; filled once the device and port are known.</summary>
internal sealed class HostIdentity
{
    public string HostId { get; set; } = "";
    public string RenderEndpoint { get; set; } = "";
    public HostCapabilities Capabilities { get; set; } = new();

    /// <summary>Reads the device memory in use (for heartbeats and clean-slate checks).</summary>
    public Func<ulong> DeviceMemoryUsed { get; set; } = () => 0;
}
