namespace ArrHost.Rendering.Vulkan;

/// <summary>Packed Vulkan versions (VK_MAKE_API_VERSION) and their printed form.</summary>
internal static class VkVersion
{
    public static uint Make(uint variant, uint major, uint minor, uint patch) =>
        (variant << 29) | (major << 22) | (minor << 12) | patch;

    public static readonly uint Api12 = Make(0, 1, 2, 0);
    public static readonly uint Api13 = Make(0, 1, 3, 0);

    public static string Format(uint version) =>
        $"{(version >> 22) & 0x7F}.{(version >> 12) & 0x3FF}.{version & 0xFFF}";
}
