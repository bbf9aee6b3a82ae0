using System.Runtime.InteropServices;

namespace ArrHost.RenderHost.Vulkan;

/// <summary>
/// Opens the Vulkan loader (libvulkan.so.1) and hands out command tables: global, per instance
/// and per device, each filled through vkGetInstanceProcAddr / vkGetDeviceProcAddr.
/// </summary>
internal static unsafe class VulkanLoader
{
    private static readonly object Gate = new();
    private static nint _library;
    private static delegate* unmanaged<nint, byte*, nint> _getInstanceProcAddr;

    private static delegate* unmanaged<nint, byte*, nint> GetInstanceProcAddr
    {
        get
        {
            lock (Gate)
            {
                if (_getInstanceProcAddr != null) return _getInstanceProcAddr;
                string[] names = OperatingSystem.IsWindows() ? ["vulkan-1.dll"]
                    : OperatingSystem.IsMacOS() ? ["libvulkan.1.dylib", "libMoltenVK.dylib"]
                    : ["libvulkan.so.1", "libvulkan.so"];
                foreach (var name in names)
                    if (NativeLibrary.TryLoad(name, out _library)) break;
                if (_library == 0)
                    throw new DllNotFoundException("The Vulkan loader (libvulkan.so.1) was not found; install libvulkan1 and a driver (e.g. mesa-vulkan-drivers).");
                _getInstanceProcAddr = (delegate* unmanaged<nint, byte*, nint>)NativeLibrary.GetExport(_library, "vkGetInstanceProcAddr");
                return _getInstanceProcAddr;
            }
        }
    }

    /// <summary>True when the loader can be opened.</summary>
    public static bool IsAvailable()
    {
        try { return GetInstanceProcAddr != null; }
        catch (DllNotFoundException) { return false; }
    }

    private static nint Lookup(nint instance, string name)
    {
        var fn = GetInstanceProcAddr;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) return fn(instance, p);
    }

    public static VkGlobalApi LoadGlobal() => new(0, name => Lookup(0, name));

    public static VkInstanceApi LoadInstance(VkInstance instance) => new(instance, name => Lookup(instance.Handle, name));

    public static VkDeviceApi LoadDevice(VkInstance instance, VkDevice device)
    {
        var getDeviceProcAddr = (delegate* unmanaged<nint, byte*, nint>)Lookup(instance.Handle, "vkGetDeviceProcAddr");
        if (getDeviceProcAddr == null) throw VulkanException.NotLoaded("vkGetDeviceProcAddr");
        return new VkDeviceApi(device, name =>
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
            fixed (byte* p = bytes) return getDeviceProcAddr(device.Handle, p);
        });
    }
}
