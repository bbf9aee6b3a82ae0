using ArrHost.Rendering.Gpu;

namespace ArrHost.Rendering.Tests.Gpu;

/// <summary>
/// Sets ARR_VK_DEVICE for the whole process, so it runs alone: any device another test opened
/// meanwhile would pick its GPU from the wrong value.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class DeviceEnvironmentVariableTests
{
    [Fact]
    public void Create_DeviceEnvironmentVariableNamesNoDevice_FailsNamingTheDevices()
    {
        string name;
        using (var device = new GpuDevice())
        {
            name = device.Info.Name;
        }

        var old = Environment.GetEnvironmentVariable(GpuDeviceOptions.DeviceEnvironmentVariable);
        Environment.SetEnvironmentVariable(GpuDeviceOptions.DeviceEnvironmentVariable, "no-such-gpu");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => new GpuDevice());
            Assert.Contains("no-such-gpu", e.Message);
            Assert.Contains(name, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GpuDeviceOptions.DeviceEnvironmentVariable, old);
        }
    }
}
