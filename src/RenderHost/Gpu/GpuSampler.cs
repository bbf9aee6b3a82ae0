using ArrHost.RenderHost.Scene;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>A sampler from glTF sampler values (GL enums).</summary>
internal readonly record struct SamplerDescription(int MagFilter, int MinFilter, int WrapS, int WrapT)
{
    public static SamplerDescription From(SamplerData s) => new(s.MagFilter, s.MinFilter, s.WrapS, s.WrapT);

    /// <summary>glTF minification filters 9984-9987 (*_MIPMAP_*) sample mip levels; 9728/9729 only the base level.</summary>
    public static bool UsesMipmaps(int minFilter) => minFilter is >= 9984 and <= 9987 || minFilter == 0;
}

/// <summary>One VkSampler.</summary>
internal sealed unsafe class GpuSampler : IDisposable
{
    private readonly GpuDevice _device;
    internal VkSampler Handle { get; private set; }

    internal GpuSampler(GpuDevice device, in SamplerDescription d)
    {
        _device = device;
        // 9984 NEAREST_MIPMAP_NEAREST, 9985 LINEAR_MIPMAP_NEAREST, 9986 NEAREST_MIPMAP_LINEAR, 9987 LINEAR_MIPMAP_LINEAR
        var min = d.MinFilter is SamplerData.Nearest or 9984 or 9986 ? VkFilter.Nearest : VkFilter.Linear;
        var mipmaps = SamplerDescription.UsesMipmaps(d.MinFilter);
        var info = new VkSamplerCreateInfo
        {
            magFilter = d.MagFilter == SamplerData.Nearest ? VkFilter.Nearest : VkFilter.Linear,
            minFilter = min,
            mipmapMode = d.MinFilter is 9986 or 9987 or 0 ? VkSamplerMipmapMode.Linear : VkSamplerMipmapMode.Nearest,
            addressModeU = Wrap(d.WrapS),
            addressModeV = Wrap(d.WrapT),
            addressModeW = VkSamplerAddressMode.Repeat,
            maxLod = mipmaps ? Vk.VK_LOD_CLAMP_NONE : 0.25f, // 0.25: GL's non-mipmapped minification
        };
        VkSampler sampler;
        device.Vkd.vkCreateSampler(device.Device, &info, null, &sampler);
        Handle = sampler;
    }

    private static VkSamplerAddressMode Wrap(int gl) => gl switch
    {
        SamplerData.ClampToEdge => VkSamplerAddressMode.ClampToEdge,
        SamplerData.MirroredRepeat => VkSamplerAddressMode.MirroredRepeat,
        _ => VkSamplerAddressMode.Repeat,
    };

    public void Dispose()
    {
        if (Handle.IsNotNull) _device.Vkd.vkDestroySampler(_device.Device, Handle, null);
        Handle = default;
    }
}
