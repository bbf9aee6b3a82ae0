using System.Numerics;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>
/// One frame in flight: its own colour/depth targets and framebuffer, command buffer, fence
/// (created signalled), per-frame uniforms and a persistently mapped readback buffer whose rows are
/// <see cref="RowPitch"/> bytes apart.
/// </summary>
internal sealed unsafe class FrameSlot : IDisposable
{
    public const int FrameUniformSize = 144;
    private readonly GpuDevice _device;
    private readonly VkCommandPool _pool;

    public GpuImage Color { get; }
    public GpuImage Depth { get; }
    public GpuBuffer Readback { get; }
    public GpuBuffer Uniforms { get; }
    internal VkFramebuffer Framebuffer { get; }
    internal VkCommandBuffer CommandBuffer { get; }
    internal VkFence Fence { get; }
    internal VkDescriptorSet FrameSet { get; }
    public int RowPitch { get; }
    /// <summary>The request this slot is rendering (owned by the renderer).</summary>
    public object? Request;
    public long Frame;
    public long SubmittedAt;

    public FrameSlot(GpuDevice device, PipelineSet pipelines, VkDescriptorPool framePool, int width, int height)
    {
        _device = device;
        var vkd = device.Vkd;
        var dev = device.Device;
        try
        {
            Color = device.CreateImage(new ImageDescription((uint)width, (uint)height, pipelines.ColorFormat, ImageUsage.ColorTarget));
            Depth = device.CreateImage(new ImageDescription((uint)width, (uint)height, PixelFormat.Depth32Float, ImageUsage.DepthTarget));
            // Rows at a 256-byte pitch (a multiple of optimalBufferCopyRowPitchAlignment on common drivers).
            var align = Math.Max(256, (int)device.Limits.optimalBufferCopyRowPitchAlignment);
            RowPitch = (width * 4 + align - 1) / align * align;
            Readback = device.CreateBuffer(new BufferDescription((ulong)RowPitch * (ulong)height, BufferUsage.Readback));
            Uniforms = device.CreateBuffer(new BufferDescription(FrameUniformSize, BufferUsage.Uniform));

            var views = stackalloc VkImageView[2] { Color.View, Depth.View };
            var fbInfo = new VkFramebufferCreateInfo
            {
                renderPass = pipelines.RenderPass, attachmentCount = 2, pAttachments = views, width = (uint)width, height = (uint)height, layers = 1,
            };
            VkFramebuffer fb;
            vkd.vkCreateFramebuffer(dev, &fbInfo, null, &fb);
            Framebuffer = fb;

            var poolInfo = new VkCommandPoolCreateInfo { flags = VkCommandPoolCreateFlags.ResetCommandBuffer, queueFamilyIndex = device.QueueFamily };
            VkCommandPool pool;
            vkd.vkCreateCommandPool(dev, &poolInfo, null, &pool);
            _pool = pool;
            var alloc = new VkCommandBufferAllocateInfo { commandPool = pool, level = VkCommandBufferLevel.Primary, commandBufferCount = 1 };
            VkCommandBuffer cmd;
            vkd.vkAllocateCommandBuffers(dev, &alloc, &cmd);
            CommandBuffer = cmd;
            var fenceInfo = new VkFenceCreateInfo { flags = VkFenceCreateFlags.Signaled };
            VkFence fence;
            vkd.vkCreateFence(dev, &fenceInfo, null, &fence);
            Fence = fence;

            var layout = pipelines.FrameSetLayout;
            var setAlloc = new VkDescriptorSetAllocateInfo { descriptorPool = framePool, descriptorSetCount = 1, pSetLayouts = &layout };
            VkDescriptorSet set;
            vkd.vkAllocateDescriptorSets(dev, &setAlloc, &set);
            FrameSet = set;
            var bufferInfo = new VkDescriptorBufferInfo { buffer = Uniforms.Handle, offset = 0, range = FrameUniformSize };
            var write = new VkWriteDescriptorSet
            {
                dstSet = set, dstBinding = 0, descriptorCount = 1, descriptorType = VkDescriptorType.UniformBuffer, pBufferInfo = &bufferInfo,
            };
            vkd.vkUpdateDescriptorSets(dev, 1, &write, 0, null);
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
        var vkd = device.Vkd;
        var fence = Fence;
        vkd.vkResetFences(device.Device, 1, &fence);
        var cmd = CommandBuffer;
        var submit = new VkSubmitInfo { commandBufferCount = 1, pCommandBuffers = &cmd };
        device.Submit(&submit, fence);
    }

    public void Dispose()
    {
        var vkd = _device.Vkd;
        var dev = _device.Device;
        if (Fence.IsNotNull) vkd.vkDestroyFence(dev, Fence, null);
        if (_pool.IsNotNull) vkd.vkDestroyCommandPool(dev, _pool, null);
        if (Framebuffer.IsNotNull) vkd.vkDestroyFramebuffer(dev, Framebuffer, null);
        Uniforms?.Dispose();
        Readback?.Dispose();
        Depth?.Dispose();
        Color?.Dispose();
    }
}
