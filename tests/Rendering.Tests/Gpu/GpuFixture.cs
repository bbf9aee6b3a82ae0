using ArrHost.Rendering.Gpu;

namespace ArrHost.Rendering.Tests.Gpu;

/// <summary>One Vulkan device (lavapipe or a GPU) with the Khronos validation layer on, shared by the GPU tests.</summary>
public sealed class GpuFixture : IDisposable
{
    internal GpuDevice Device { get; } = new(new GpuDeviceOptions { EnableValidation = true });

    /// <summary>Fails the calling test if the validation layer said anything since the last call.</summary>
    internal void AssertNoValidationMessages()
    {
        var messages = Device.DrainValidationMessages();
        Assert.True(messages.Count == 0, "Vulkan validation messages:\n" + string.Join("\n", messages));
    }

    public void Dispose()
    {
        Device.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "gpu";
}
