using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

internal enum ImageUsage { ColorTarget, DepthTarget, Texture }

internal enum PixelFormat { Rgba8Srgb, Rgba8Unorm, Depth32Float }

/// <summary>An image to create; <paramref name="Mipmapped"/> textures get a full mip chain (filled by the uploader).</summary>
internal readonly record struct ImageDescription(uint Width, uint Height, PixelFormat Format, ImageUsage Usage, bool Mipmapped = false);

/// <summary>One 2D VkImage (optimal tiling, device-local) with its memory and a view.</summary>
internal sealed unsafe class GpuImage : IDisposable
{
    private readonly GpuDevice _device;
    private readonly ulong _memorySize;
    private VkDeviceMemory _memory;

    internal VkImage Handle { get; private set; }
    internal VkImageView View { get; private set; }
    internal VkFormat VkFormat { get; }
    public uint Width { get; }
    public uint Height { get; }
    public uint MipLevels { get; }

    internal static VkFormat ToVk(PixelFormat f) => f switch
    {
        PixelFormat.Rgba8Srgb => VkFormat.R8G8B8A8Srgb,
        PixelFormat.Rgba8Unorm => VkFormat.R8G8B8A8Unorm,
        PixelFormat.Depth32Float => VkFormat.D32Sfloat,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    internal GpuImage(GpuDevice device, in ImageDescription d)
    {
        if (d.Width == 0 || d.Height == 0 || d.Width > device.Limits.maxImageDimension2D || d.Height > device.Limits.maxImageDimension2D)
            throw new ArgumentOutOfRangeException(nameof(d), $"Image size {d.Width}x{d.Height} is outside 1..{device.Limits.maxImageDimension2D}.");
        _device = device;
        Width = d.Width;
        Height = d.Height;
        VkFormat = ToVk(d.Format);
        MipLevels = d.Mipmapped && d.Usage == ImageUsage.Texture && device.CanBlitLinear(VkFormat)
            ? (uint)Math.ILogB(Math.Max(d.Width, d.Height)) + 1
            : 1;
        var usage = d.Usage switch
        {
            ImageUsage.ColorTarget => VkImageUsageFlags.ColorAttachment | VkImageUsageFlags.TransferSrc,
            ImageUsage.DepthTarget => VkImageUsageFlags.DepthStencilAttachment,
            _ => VkImageUsageFlags.Sampled | VkImageUsageFlags.TransferDst | (MipLevels > 1 ? VkImageUsageFlags.TransferSrc : 0),
        };
        var info = new VkImageCreateInfo
        {
            imageType = VkImageType.Type2D,
            format = VkFormat,
            extent = new VkExtent3D { width = d.Width, height = d.Height, depth = 1 },
            mipLevels = MipLevels,
            arrayLayers = 1,
            samples = VkSampleCountFlags.Count1,
            tiling = VkImageTiling.Optimal,
            usage = usage,
            sharingMode = VkSharingMode.Exclusive,
            initialLayout = VkImageLayout.Undefined,
        };
        var vkd = device.Vkd;
        VkImage image;
        vkd.vkCreateImage(device.Device, &info, null, &image);
        Handle = image;
        try
        {
            VkMemoryRequirements req;
            vkd.vkGetImageMemoryRequirements(device.Device, image, &req);
            _memorySize = req.size;
            _memory = device.Allocate(req, VkMemoryPropertyFlags.DeviceLocal, 0, out _);
            vkd.vkBindImageMemory(device.Device, image, _memory, 0);
            var viewInfo = new VkImageViewCreateInfo
            {
                image = image,
                viewType = VkImageViewType.Type2D,
                format = VkFormat,
                subresourceRange = new VkImageSubresourceRange
                {
                    aspectMask = d.Format == PixelFormat.Depth32Float ? VkImageAspectFlags.Depth : VkImageAspectFlags.Color,
                    levelCount = MipLevels,
                    layerCount = 1,
                },
            };
            VkImageView view;
            vkd.vkCreateImageView(device.Device, &viewInfo, null, &view);
            View = view;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var vkd = _device.Vkd;
        if (View.IsNotNull) vkd.vkDestroyImageView(_device.Device, View, null);
        View = default;
        if (Handle.IsNotNull) vkd.vkDestroyImage(_device.Device, Handle, null);
        Handle = default;
        if (_memory.IsNotNull) _device.Free(_memory, _memorySize);
        _memory = default;
    }
}
