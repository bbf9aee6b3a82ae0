using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>Records and runs one-off command buffers (uploads) with a bounded fence wait.</summary>
internal sealed unsafe class ImmediateSubmitter : IDisposable
{
    private readonly GpuDevice _device;
    private readonly CommandPool _pool;
    private readonly CommandBuffer _cmd;
    private readonly Fence _fence;
    private readonly ulong _timeoutNs;

    public ImmediateSubmitter(GpuDevice device, TimeSpan timeout)
    {
        _device = device;
        _timeoutNs = (ulong)timeout.Ticks * 100;
        var vk = device.Api;
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, Flags = CommandPoolCreateFlags.ResetCommandBufferBit, QueueFamilyIndex = device.QueueFamily };
        CommandPool pool;
        vk.CreateCommandPool(device.Device, &poolInfo, null, &pool).Check("vkCreateCommandPool");
        _pool = pool;
        var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(device.Device, &alloc, &cmd).Check("vkAllocateCommandBuffers");
        _cmd = cmd;
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
        Fence fence;
        vk.CreateFence(device.Device, &fenceInfo, null, &fence).Check("vkCreateFence");
        _fence = fence;
    }

    public void Run(Action<CommandBuffer> record)
    {
        var vk = _device.Api;
        vk.ResetCommandBuffer(_cmd, 0).Check("vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(_cmd, &begin).Check("vkBeginCommandBuffer");
        record(_cmd);
        vk.EndCommandBuffer(_cmd).Check("vkEndCommandBuffer");
        var cmd = _cmd;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        var fence = _fence;
        vk.ResetFences(_device.Device, 1, &fence).Check("vkResetFences");
        _device.Submit(&submit, fence);
        if (vk.WaitForFences(_device.Device, 1, &fence, true, _timeoutNs).Check("vkWaitForFences") == Result.Timeout)
            throw new TimeoutException("An upload did not finish within the fence timeout.");
    }

    public void Dispose()
    {
        var vk = _device.Api;
        vk.DestroyFence(_device.Device, _fence, null);
        vk.DestroyCommandPool(_device.Device, _pool, null);
    }
}
