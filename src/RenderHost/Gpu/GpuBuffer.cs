using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

internal enum BufferUsage { Uniform, Staging, Readback, VertexIndex }

/// <summary>What to create: size, use, and whether the CPU maps it.</summary>
internal readonly record struct BufferDescription(ulong Size, BufferUsage Usage);

/// <summary>One VkBuffer with its own memory; host-visible buffers stay persistently mapped.</summary>
internal sealed unsafe class GpuBuffer : IDisposable
{
    private readonly GpuDevice _device;
    private readonly ulong _memorySize;
    private VkDeviceMemory _memory;

    internal VkBuffer Handle { get; private set; }
    public ulong Size { get; }
    /// <summary>Persistent mapping, or null when the memory is not host-visible.</summary>
    public byte* Mapped { get; }
    public bool IsCoherent { get; }

    internal GpuBuffer(GpuDevice device, in BufferDescription d)
    {
        _device = device;
        Size = d.Size;
        var usage = d.Usage switch
        {
            BufferUsage.VertexIndex => VkBufferUsageFlags.VertexBuffer | VkBufferUsageFlags.IndexBuffer | VkBufferUsageFlags.TransferDst,
            BufferUsage.Uniform => VkBufferUsageFlags.UniformBuffer,
            BufferUsage.Staging => VkBufferUsageFlags.TransferSrc,
            BufferUsage.Readback => VkBufferUsageFlags.TransferDst,
            _ => throw new ArgumentOutOfRangeException(nameof(d)),
        };
        var info = new VkBufferCreateInfo { size = Math.Max(d.Size, 4), usage = usage, sharingMode = VkSharingMode.Exclusive };
        var vkd = device.Vkd;
        VkBuffer buffer;
        vkd.vkCreateBuffer(device.Device, &info, null, &buffer);
        Handle = buffer;
        try
        {
            VkMemoryRequirements req;
            vkd.vkGetBufferMemoryRequirements(device.Device, buffer, &req);
            _memorySize = req.size;
            (VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred) = d.Usage switch
            {
                BufferUsage.Readback => (VkMemoryPropertyFlags.HostVisible, VkMemoryPropertyFlags.HostCached | VkMemoryPropertyFlags.HostCoherent),
                BufferUsage.Staging or BufferUsage.Uniform => (VkMemoryPropertyFlags.HostVisible | VkMemoryPropertyFlags.HostCoherent, VkMemoryPropertyFlags.None),
                // Geometry: device-local; host-visible too where the device offers it (lavapipe, ReBAR) so no staging copy is needed.
                _ => (VkMemoryPropertyFlags.DeviceLocal, VkMemoryPropertyFlags.HostVisible | VkMemoryPropertyFlags.HostCoherent),
            };
            _memory = device.Allocate(req, required, preferred, out var flags);
            vkd.vkBindBufferMemory(device.Device, buffer, _memory, 0);
            IsCoherent = (flags & VkMemoryPropertyFlags.HostCoherent) != 0;
            var geometry = d.Usage is BufferUsage.VertexIndex;
            if ((flags & VkMemoryPropertyFlags.HostVisible) != 0 && !(geometry && device.UploadThroughStaging))
            {
                void* p;
                vkd.vkMapMemory(device.Device, _memory, 0, Vk.VK_WHOLE_SIZE, 0, &p);
                Mapped = (byte*)p;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Makes device writes visible to the mapping (no-op for coherent memory).</summary>
    public void Invalidate()
    {
        if (IsCoherent || Mapped == null) return;
        var range = new VkMappedMemoryRange { memory = _memory, offset = 0, size = Vk.VK_WHOLE_SIZE };
        _device.Vkd.vkInvalidateMappedMemoryRanges(_device.Device, 1, &range);
    }

    /// <summary>Makes host writes visible to the device (no-op for coherent memory).</summary>
    public void Flush()
    {
        if (IsCoherent || Mapped == null) return;
        var range = new VkMappedMemoryRange { memory = _memory, offset = 0, size = Vk.VK_WHOLE_SIZE };
        _device.Vkd.vkFlushMappedMemoryRanges(_device.Device, 1, &range);
    }

    public void Dispose()
    {
        var vkd = _device.Vkd;
        if (Handle.IsNotNull) vkd.vkDestroyBuffer(_device.Device, Handle, null);
        Handle = default;
        if (_memory.IsNotNull)
        {
            if (Mapped != null) vkd.vkUnmapMemory(_device.Device, _memory);
            _device.Free(_memory, _memorySize);
        }
        _memory = default;
    }
}
