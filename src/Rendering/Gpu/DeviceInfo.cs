using System.Globalization;

namespace ArrHost.Rendering.Gpu;

/// <summary>What a physical device is; what the host reports to the control plane (HostCapabilities).</summary>
internal sealed record DeviceInfo(
    int Index,
    string Name,
    GpuDeviceKind Kind,
    string DriverName,
    string DriverInfo,
    string ApiVersion,
    ulong DeviceLocalMemoryBytes)
{
    /// <summary>"discrete", "integrated", "virtual", "cpu" or "other" (HostCapabilities.device_type).</summary>
    public string KindName => Kind switch
    {
        GpuDeviceKind.Discrete => "discrete",
        GpuDeviceKind.Integrated => "integrated",
        GpuDeviceKind.Virtual => "virtual",
        GpuDeviceKind.Cpu => "cpu",
        _ => "other",
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"#{Index} {Name} ({KindName}), driver {DriverName} {DriverInfo}, Vulkan {ApiVersion}, {DeviceLocalMemoryBytes / (1024 * 1024)} MiB device-local");
}
