using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>One VkSampler.</summary>
internal sealed unsafe class GpuSampler : IDisposable
{
    /// <summary>VK_LOD_CLAMP_NONE: no upper clamp on the level of detail.</summary>
    private const float LodClampNone = 1000f;
    private readonly GpuDevice _device;
    internal Sampler Handle { get; private set; }

    internal GpuSampler(GpuDevice device, in SamplerDescription d)
    {
        _device = device;
        // 9984 NEAREST_MIPMAP_NEAREST, 9985 LINEAR_MIPMAP_NEAREST, 9986 NEAREST_MIPMAP_LINEAR, 9987 LINEAR_MIPMAP_LINEAR
        var min = d.MinFilter is SamplerData.Nearest or 9984 or 9986 ? Filter.Nearest : Filter.Linear;
        var mipmaps = SamplerDescription.UsesMipmaps(d.MinFilter);
        var info = new SamplerCreateInfo
        {
            SType = StructureType.SamplerCreateInfo,
            MagFilter = d.MagFilter == SamplerData.Nearest ? Filter.Nearest : Filter.Linear,
            MinFilter = min,
            MipmapMode = d.MinFilter is 9986 or 9987 or 0 ? SamplerMipmapMode.Linear : SamplerMipmapMode.Nearest,
            AddressModeU = Wrap(d.WrapS),
            AddressModeV = Wrap(d.WrapT),
            AddressModeW = SamplerAddressMode.Repeat,
            MaxLod = mipmaps ? LodClampNone : 0.25f, // 0.25: GL's non-mipmapped minification
        };
        Sampler sampler;
        device.Api.CreateSampler(device.Device, &info, null, &sampler).Check("vkCreateSampler");
        Handle = sampler;
    }

    private static SamplerAddressMode Wrap(int gl) => gl switch
    {
        SamplerData.ClampToEdge => SamplerAddressMode.ClampToEdge,
        SamplerData.MirroredRepeat => SamplerAddressMode.MirroredRepeat,
        _ => SamplerAddressMode.Repeat,
    };

    public void Dispose()
    {
        if (Handle.Handle != 0) _device.Api.DestroySampler(_device.Device, Handle, null);
        Handle = default;
    }
}
