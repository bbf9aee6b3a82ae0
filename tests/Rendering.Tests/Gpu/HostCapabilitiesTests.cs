using ArrHost.Protos.V1;
using ArrHost.Rendering.Gpu;

namespace ArrHost.Rendering.Tests.Gpu;

public sealed class HostCapabilitiesTests
{
    [Fact]
    public void WithDevice_StandardBudget_FillsDeviceFieldsAndLimit()
    {
        var info = new DeviceInfo(0, "llvmpipe (LLVM 15.0.6, 256 bits)", GpuDeviceKind.Cpu, "llvmpipe", "Mesa 22.3.6 (LLVM 15.0.6)", "1.3.230", 2UL << 30);
        var caps = new HostCapabilities().WithDevice(info, RendererOptions.StandardPrimitiveBudget);
        Assert.Equal("llvmpipe (LLVM 15.0.6, 256 bits)", caps.DeviceName);
        Assert.Equal("cpu", caps.DeviceType);
        Assert.Equal("llvmpipe", caps.DriverName);
        Assert.Equal("Mesa 22.3.6 (LLVM 15.0.6)", caps.DriverVersion);
        Assert.Equal("1.3.230", caps.VulkanApiVersion);
        Assert.Equal(2UL << 30, caps.DeviceMemoryBytes);
        Assert.Equal(20_000_000UL, caps.MaxPrimitives);
        Assert.Equal(0UL, new HostCapabilities().WithDevice(info, null).MaxPrimitives);
    }
}
