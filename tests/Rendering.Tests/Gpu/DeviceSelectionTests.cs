using ArrHost.Rendering.Gpu;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Tests.Gpu;

public sealed class DeviceSelectionTests
{
    private static DeviceInfo D(int i, string name, GpuDeviceKind kind) => new(i, name, kind, "drv", "1.0", "1.3.0", 0);

    [Fact]
    public void Select_NoSelector_PrefersDiscreteThenIntegratedThenVirtualThenCpu()
    {
        var cpu = D(0, "llvmpipe", GpuDeviceKind.Cpu);
        var integrated = D(1, "Intel UHD", GpuDeviceKind.Integrated);
        var discrete = D(2, "NVIDIA H100", GpuDeviceKind.Discrete);
        var virt = D(3, "virtio", GpuDeviceKind.Virtual);
        Assert.Equal(2, DeviceSelection.Select([cpu, integrated, discrete, virt], null));
        Assert.Equal(1, DeviceSelection.Select([cpu, integrated, virt], null));
        Assert.Equal(2, DeviceSelection.Select([cpu, D(1, "x", GpuDeviceKind.Other), virt], null));
        Assert.Equal(0, DeviceSelection.Select([cpu], ""));
    }

    [Fact]
    public void Select_IndexOrNameSubstring_OverridesPreference()
    {
        var list = new[] { D(0, "llvmpipe (LLVM 15)", GpuDeviceKind.Cpu), D(1, "NVIDIA H100", GpuDeviceKind.Discrete) };
        Assert.Equal(0, DeviceSelection.Select(list, "0"));
        Assert.Equal(0, DeviceSelection.Select(list, "LLVMPIPE"));
        Assert.Equal(1, DeviceSelection.Select(list, "h100"));
    }

    [Fact]
    public void Select_UnknownNameOrIndex_ThrowsListingDevices()
    {
        var list = new[] { D(0, "llvmpipe", GpuDeviceKind.Cpu) };
        Assert.Contains("llvmpipe", Assert.Throws<InvalidOperationException>(() => DeviceSelection.Select(list, "radeon")).Message);
        Assert.Throws<InvalidOperationException>(() => DeviceSelection.Select(list, "3"));
        Assert.Throws<InvalidOperationException>(() => DeviceSelection.Select([], null));
    }
}

[Collection(GpuCollection.Name)]
public sealed class GpuDeviceTests(GpuFixture gpu)
{
    [Fact]
    public void Create_OnThisMachine_ReportsDeviceAndDriver()
    {
        var info = gpu.Device.Info;
        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.False(string.IsNullOrEmpty(info.DriverName));
        Assert.Matches(@"^1\.\d+\.\d+$", info.ApiVersion);
        Assert.Contains(info.KindName, new[] { "discrete", "integrated", "virtual", "cpu", "other" });
        Assert.Contains(gpu.Device.AllDevices, d => d.Name == info.Name);
        gpu.AssertNoValidationMessages();
    }

    [Fact]
    public void Create_WithNameSelector_PicksThatDevice()
    {
        var name = gpu.Device.Info.Name;
        using var device = new GpuDevice(new GpuDeviceOptions { Device = name[..Math.Min(6, name.Length)] });
        Assert.Contains(name[..Math.Min(6, name.Length)], device.Info.Name);
        Assert.Throws<InvalidOperationException>(() => new GpuDevice(new GpuDeviceOptions { Device = "no-such-device-xyz" }));
    }

    [Fact]
    public unsafe void Validation_StructureWithoutSType_IsReported()
    {
        // Silk.NET leaves SType at 0 in `new X { ... }`: the layer must see (and report) such a mistake,
        // or the suite's "no validation messages" checks would prove nothing.
        var messages = new List<string>();
        using var device = new GpuDevice(new GpuDeviceOptions { EnableValidation = true, ValidationMessage = m => { lock (messages) messages.Add(m); } });
        var info = new FenceCreateInfo();
        Fence fence;
        device.Api.CreateFence(device.Device, &info, null, &fence);
        device.Api.DestroyFence(device.Device, fence, null);
        Assert.Contains(device.DrainValidationMessages(), m => m.Contains("sType"));
        lock (messages) Assert.NotEmpty(messages);
    }
}
