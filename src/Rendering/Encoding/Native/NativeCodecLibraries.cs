using System.Runtime.InteropServices;

namespace ArrHost.Rendering.Encoding.Native;

/// <summary>Finds out, without throwing, whether a native codec library can be loaded.</summary>
internal static class NativeCodecLibraries
{
    /// <summary>Whether the named (versioned) shared library loads in this process.</summary>
    public static bool IsAvailable(string library)
    {
        if (!NativeLibrary.TryLoad(library, out nint handle))
        {
            return false;
        }
        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>Whether an NVIDIA kernel driver is present (NVENC is worth trying).</summary>
    public static bool HasNvidiaDriver() => File.Exists("/proc/driver/nvidia/version") && IsAvailable("libcuda.so.1");
}
