using System.Numerics;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// One frame in flight: its own colour/depth targets and framebuffer, command buffer, fence
/// (created signalled), per-frame uniforms and a persistently mapped readback buffer whose rows are
/// <see cref="RowPitch"/> bytes apart.
/// </summary>
internal sealed unsafe class FrameSlot : IDisposable
{
    public const int FrameUniformSize = 144;
    private readonly GpuDevice _device;
    private readonly CommandPool _pool;

    public GpuImage Color { get; }
    public GpuImage Depth { get; }
    public GpuBuffer Readback { get; }
    public GpuBuffer Uniforms { get; }
    internal Framebuffer Framebuffer { get; }
    internal CommandBuffer CommandBuffer { get; }
    internal Fence Fence { get; }
    internal DescriptorSet FrameSet { get; }
    public int RowPitch { get; }
    /// <summary>The request this slot is rendering (owned by the renderer).</summary>
    public object? Request;
    public long Frame;
    public long SubmittedAt;

    public FrameSlot(GpuDevice device, PipelineSet pipelines, DescriptorPool framePool, int width, int height)
    {
        _device = device;
        var vk = device.Api;
        var dev = device.Device;
        try
        {
            Color = device.CreateImage(new ImageDescription((uint)width, (uint)height, pipelines.ColorFormat, ImageUsage.ColorTarget));
            Depth = device.CreateImage(new ImageDescription((uint)width, (uint)height, PixelFormat.Depth32Float, ImageUsage.DepthTarget));
            // Rows at a 256-byte pitch (a multiple of optimalBufferCopyRowPitchAlignment on common drivers).
            var align = Math.Max(256, (int)device.Limits.OptimalBufferCopyRowPitchAlignment);
            RowPitch = (width * 4 + align - 1) / align * align;
            Readback = device.CreateBuffer(new BufferDescription((ulong)RowPitch * (ulong)height, BufferUsage.Readback));
            Uniforms = device.CreateBuffer(new BufferDescription(FrameUniformSize, BufferUsage.Uniform));

            var views = stackalloc ImageView[2] { Color.View, Depth.View };
            var fbInfo = new FramebufferCreateInfo
            {
                SType = StructureType.FramebufferCreateInfo,
                RenderPass = pipelines.RenderPass,
                AttachmentCount = 2,
                PAttachments = views,
                Width = (uint)width,
                Height = (uint)height,
                Layers = 1,
            };
            Framebuffer fb;
            vk.CreateFramebuffer(dev, &fbInfo, null, &fb).Check("vkCreateFramebuffer");
            Framebuffer = fb;

            var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, Flags = CommandPoolCreateFlags.ResetCommandBufferBit, QueueFamilyIndex = device.QueueFamily };
            CommandPool pool;
            vk.CreateCommandPool(dev, &poolInfo, null, &pool).Check("vkCreateCommandPool");
            _pool = pool;
            var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
            CommandBuffer cmd;
            vk.AllocateCommandBuffers(dev, &alloc, &cmd).Check("vkAllocateCommandBuffers");
            CommandBuffer = cmd;
            var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
            Fence fence;
            vk.CreateFence(dev, &fenceInfo, null, &fence).Check("vkCreateFence");
            Fence = fence;

            var layout = pipelines.FrameSetLayout;
            var setAlloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = framePool, DescriptorSetCount = 1, PSetLayouts = &layout };
            DescriptorSet set;
            vk.AllocateDescriptorSets(dev, &setAlloc, &set).Check("vkAllocateDescriptorSets");
            FrameSet = set;
            var bufferInfo = new DescriptorBufferInfo { Buffer = Uniforms.Handle, Offset = 0, Range = FrameUniformSize };
            var write = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = 0,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.UniformBuffer,
                PBufferInfo = &bufferInfo,
            };
            vk.UpdateDescriptorSets(dev, 1, &write, 0, null);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void WriteFrameUniforms(in Matrix4x4 viewProjection, Vector3 cameraPosition, in Lighting lighting)
    {
        var f = (float*)Uniforms.Mapped;
        *(Matrix4x4*)f = viewProjection;
        f[16] = cameraPosition.X; f[17] = cameraPosition.Y; f[18] = cameraPosition.Z; f[19] = 1;
        var l = Vector3.Normalize(lighting.DirectionToLight);
        f[20] = l.X; f[21] = l.Y; f[22] = l.Z; f[23] = 0;
        f[24] = lighting.LightColor.X; f[25] = lighting.LightColor.Y; f[26] = lighting.LightColor.Z; f[27] = 0;
        f[28] = lighting.SkyColor.X; f[29] = lighting.SkyColor.Y; f[30] = lighting.SkyColor.Z; f[31] = 0;
        f[32] = lighting.GroundColor.X; f[33] = lighting.GroundColor.Y; f[34] = lighting.GroundColor.Z; f[35] = 0;
    }

    public void Submit(GpuDevice device)
    {
        var vk = device.Api;
        var fence = Fence;
        vk.ResetFences(device.Device, 1, &fence).Check("vkResetFences");
        var cmd = CommandBuffer;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        device.Submit(&submit, fence);
    }

    public void Dispose()
    {
        var vk = _device.Api;
        var dev = _device.Device;
        if (Fence.Handle != 0) vk.DestroyFence(dev, Fence, null);
        if (_pool.Handle != 0) vk.DestroyCommandPool(dev, _pool, null);
        if (Framebuffer.Handle != 0) vk.DestroyFramebuffer(dev, Framebuffer, null);
        Uniforms?.Dispose();
        Readback?.Dispose();
        Depth?.Dispose();
        Color?.Dispose();
    }
}
