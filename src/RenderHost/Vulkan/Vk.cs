namespace ArrHost.RenderHost.Vulkan;

/// <summary>Hand-written helpers beside the generated constants.</summary>
internal static partial class Vk
{
    public static uint MakeApiVersion(uint variant, uint major, uint minor, uint patch) =>
        (variant << 29) | (major << 22) | (minor << 12) | patch;

    public static readonly uint ApiVersion13 = MakeApiVersion(0, 1, 3, 0);

    public static string VersionString(uint version) =>
        $"{(version >> 22) & 0x7F}.{(version >> 12) & 0x3FF}.{version & 0xFFF}";
}
