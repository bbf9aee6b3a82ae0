using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Gpu;

/// <summary>What the device contributes to the capabilities a host reports to the control plane.</summary>
internal static class HostCapabilitiesExtensions
{
    /// <summary>Fills the device fields; <paramref name="primitiveBudget"/> null = no fixed limit (0 on the wire).</summary>
    public static HostCapabilities WithDevice(this HostCapabilities caps, DeviceInfo device, long? primitiveBudget)
    {
        caps.DeviceName = device.Name;
        caps.DeviceType = device.KindName;
        caps.DriverName = device.DriverName;
        caps.DriverVersion = device.DriverInfo;
        caps.VulkanApiVersion = device.ApiVersion;
        caps.DeviceMemoryBytes = device.DeviceLocalMemoryBytes;
        caps.MaxPrimitives = primitiveBudget is { } b ? (ulong)b : 0;
        return caps;
    }
}
