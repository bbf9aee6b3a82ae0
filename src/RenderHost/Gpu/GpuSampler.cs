using ArrHost.RenderHost.Scene;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>A sampler from glTF sampler values (GL enums).</summary>
internal readonly record struct SamplerDescription(int MagFilter, int MinFilter, int WrapS, int WrapT)
{
    public static SamplerDescription From(SamplerData s) => new(s.MagFilter, s.MinFilter, s.WrapS, s.WrapT);
}

/// <summary>One VkSampler.</summary>
internal sealed unsafe class GpuSampler : IDisposable
{
    private readonly GpuDevice _device;
    internal VkSampler Handle { get; private set; }

    internal GpuSampler(GpuDevice device, in SamplerDescription d)
    {
        _device = device;
        // Mipmaps are not generated: the minification filter's base part is used (9728/9984/9986 nearest, else linear).
        var min = d.MinFilter is SamplerData.Nearest or 9984 or 9986 ? VkFilter.Nearest : VkFilter.Linear;
        var info = new VkSamplerCreateInfo
        {
            magFilter = d.MagFilter == SamplerData.Nearest ? VkFilter.Nearest : VkFilter.Linear,
            minFilter = min,
            mipmapMode = VkSamplerMipmapMode.Nearest,
            addressModeU = Wrap(d.WrapS),
            addressModeV = Wrap(d.WrapT),
            addressModeW = VkSamplerAddressMode.Repeat,
            maxLod = 0,
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
