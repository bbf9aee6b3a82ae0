using System.Globalization;

namespace ArrHost.Rendering.Gpu;

/// <summary>Device kinds in order of preference.</summary>
internal enum GpuDeviceKind { Discrete, Integrated, Virtual, Cpu, Other }

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

/// <summary>Picks a physical device: an explicit index or name wins, else discrete > integrated > virtual > CPU.</summary>
internal static class DeviceSelection
{
    public static int Select(IReadOnlyList<DeviceInfo> devices, string? selector)
    {
        if (devices.Count == 0) throw new InvalidOperationException("No Vulkan physical device found (is a driver such as mesa-vulkan-drivers installed?).");
        if (!string.IsNullOrWhiteSpace(selector))
        {
            selector = selector.Trim();
            if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (index < 0 || index >= devices.Count)
                    throw new InvalidOperationException($"Vulkan device index {index} is out of range: {devices.Count} device(s): {string.Join("; ", devices)}");
                return index;
            }
            for (var i = 0; i < devices.Count; i++)
                if (devices[i].Name.Contains(selector, StringComparison.OrdinalIgnoreCase)) return i;
            throw new InvalidOperationException($"No Vulkan device name contains '{selector}': {string.Join("; ", devices)}");
        }
        var best = 0;
        for (var i = 1; i < devices.Count; i++)
            if (devices[i].Kind < devices[best].Kind) best = i;
        return best;
    }
}
