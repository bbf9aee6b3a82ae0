using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>One 2D VkImage (optimal tiling, device-local) with its memory and a view.</summary>
internal sealed unsafe class GpuImage : IDisposable
{
    private readonly GpuDevice _device;
    private readonly ulong _memorySize;
    private DeviceMemory _memory;

    internal Image Handle { get; private set; }
    internal ImageView View { get; private set; }
    internal Format Format { get; }
    public uint Width { get; }
    public uint Height { get; }
    public uint MipLevels { get; }

    internal static Format ToVk(PixelFormat f) => f switch
    {
        PixelFormat.Rgba8Srgb => Format.R8G8B8A8Srgb,
        PixelFormat.Rgba8Unorm => Format.R8G8B8A8Unorm,
        PixelFormat.Depth32Float => Format.D32Sfloat,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    internal GpuImage(GpuDevice device, in ImageDescription d)
    {
        if (d.Width == 0 || d.Height == 0 || d.Width > device.Limits.MaxImageDimension2D || d.Height > device.Limits.MaxImageDimension2D)
            throw new ArgumentOutOfRangeException(nameof(d), $"Image size {d.Width}x{d.Height} is outside 1..{device.Limits.MaxImageDimension2D}.");
        _device = device;
        Width = d.Width;
        Height = d.Height;
        Format = ToVk(d.Format);
        MipLevels = d.Mipmapped && d.Usage == ImageUsage.Texture && device.CanBlitLinear(Format)
            ? (uint)Math.ILogB(Math.Max(d.Width, d.Height)) + 1
            : 1;
        var usage = d.Usage switch
        {
            ImageUsage.ColorTarget => ImageUsageFlags.ColorAttachmentBit | ImageUsageFlags.TransferSrcBit,
            ImageUsage.DepthTarget => ImageUsageFlags.DepthStencilAttachmentBit,
            _ => ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit | (MipLevels > 1 ? ImageUsageFlags.TransferSrcBit : 0),
        };
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = Format,
            Extent = new Extent3D { Width = d.Width, Height = d.Height, Depth = 1 },
            MipLevels = MipLevels,
            ArrayLayers = 1,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
            InitialLayout = ImageLayout.Undefined,
        };
        var vk = device.Api;
        Image image;
        vk.CreateImage(device.Device, &info, null, &image).Check("vkCreateImage");
        Handle = image;
        try
        {
            MemoryRequirements req;
            vk.GetImageMemoryRequirements(device.Device, image, &req);
            _memorySize = req.Size;
            _memory = device.Allocate(req, MemoryPropertyFlags.DeviceLocalBit, 0, out _);
            vk.BindImageMemory(device.Device, image, _memory, 0).Check("vkBindImageMemory");
            var viewInfo = new ImageViewCreateInfo
            {
                SType = StructureType.ImageViewCreateInfo,
                Image = image,
                ViewType = ImageViewType.Type2D,
                Format = Format,
                SubresourceRange = new ImageSubresourceRange
                {
                    AspectMask = d.Format == PixelFormat.Depth32Float ? ImageAspectFlags.DepthBit : ImageAspectFlags.ColorBit,
                    LevelCount = MipLevels,
                    LayerCount = 1,
                },
            };
            ImageView view;
            vk.CreateImageView(device.Device, &viewInfo, null, &view).Check("vkCreateImageView");
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
        var vk = _device.Api;
        if (View.Handle != 0) vk.DestroyImageView(_device.Device, View, null);
        View = default;
        if (Handle.Handle != 0) vk.DestroyImage(_device.Device, Handle, null);
        Handle = default;
        if (_memory.Handle != 0) _device.Free(_memory, _memorySize);
        _memory = default;
    }
}
