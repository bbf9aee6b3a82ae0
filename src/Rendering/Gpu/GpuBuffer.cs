using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;

namespace ArrHost.Rendering.Gpu;

/// <summary>One VkBuffer with its own memory; host-visible buffers stay persistently mapped.</summary>
internal sealed unsafe class GpuBuffer : IDisposable
{
    private readonly GpuDevice _device;
    private readonly ulong _memorySize;
    private DeviceMemory _memory;

    internal Buffer Handle { get; private set; }
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
            BufferUsage.VertexIndex => BufferUsageFlags.VertexBufferBit | BufferUsageFlags.IndexBufferBit | BufferUsageFlags.TransferDstBit,
            BufferUsage.Uniform => BufferUsageFlags.UniformBufferBit,
            BufferUsage.Staging => BufferUsageFlags.TransferSrcBit,
            BufferUsage.Readback => BufferUsageFlags.TransferDstBit,
            _ => throw new ArgumentOutOfRangeException(nameof(d)),
        };
        var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = Math.Max(d.Size, 4), Usage = usage, SharingMode = SharingMode.Exclusive };
        var vk = device.Api;
        Buffer buffer;
        vk.CreateBuffer(device.Device, &info, null, &buffer).Check("vkCreateBuffer");
        Handle = buffer;
        try
        {
            MemoryRequirements req;
            vk.GetBufferMemoryRequirements(device.Device, buffer, &req);
            _memorySize = req.Size;
            (MemoryPropertyFlags required, MemoryPropertyFlags preferred) = d.Usage switch
            {
                BufferUsage.Readback => (MemoryPropertyFlags.HostVisibleBit, MemoryPropertyFlags.HostCachedBit | MemoryPropertyFlags.HostCoherentBit),
                BufferUsage.Staging or BufferUsage.Uniform => (MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit, MemoryPropertyFlags.None),
                // Geometry: device-local; host-visible too where the device offers it (lavapipe, ReBAR) so no staging copy is needed.
                _ => (MemoryPropertyFlags.DeviceLocalBit, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit),
            };
            _memory = device.Allocate(req, required, preferred, out var flags);
            vk.BindBufferMemory(device.Device, buffer, _memory, 0).Check("vkBindBufferMemory");
            IsCoherent = (flags & MemoryPropertyFlags.HostCoherentBit) != 0;
            var geometry = d.Usage is BufferUsage.VertexIndex;
            if ((flags & MemoryPropertyFlags.HostVisibleBit) != 0 && !(geometry && device.UploadThroughStaging))
            {
                void* p;
                vk.MapMemory(device.Device, _memory, 0, Vk.WholeSize, 0, &p).Check("vkMapMemory");
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
        var range = new MappedMemoryRange { SType = StructureType.MappedMemoryRange, Memory = _memory, Offset = 0, Size = Vk.WholeSize };
        _device.Api.InvalidateMappedMemoryRanges(_device.Device, 1, &range).Check("vkInvalidateMappedMemoryRanges");
    }

    /// <summary>Makes host writes visible to the device (no-op for coherent memory).</summary>
    public void Flush()
    {
        if (IsCoherent || Mapped == null) return;
        var range = new MappedMemoryRange { SType = StructureType.MappedMemoryRange, Memory = _memory, Offset = 0, Size = Vk.WholeSize };
        _device.Api.FlushMappedMemoryRanges(_device.Device, 1, &range).Check("vkFlushMappedMemoryRanges");
    }

    public void Dispose()
    {
        var vk = _device.Api;
        if (Handle.Handle != 0) vk.DestroyBuffer(_device.Device, Handle, null);
        Handle = default;
        if (_memory.Handle != 0)
        {
            if (Mapped != null) vk.UnmapMemory(_device.Device, _memory);
            _device.Free(_memory, _memorySize);
        }
        _memory = default;
    }
}
