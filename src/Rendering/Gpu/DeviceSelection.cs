using System.Globalization;

namespace ArrHost.Rendering.Gpu;

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
