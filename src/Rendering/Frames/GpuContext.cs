using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Gpu;

namespace ArrHost.Rendering.Frames;

/// <summary>The host's one Vulkan device, shared by the (one at a time) connections' renderers.</summary>
internal sealed class GpuContext : IDisposable
{
    private GpuContext(GpuDevice device) => Device = device;

    public GpuDevice Device { get; }

    public ulong DeviceMemoryUsed => (ulong)Math.Max(0, Device.MemoryInUse);

    /// <summary>Opens the device: discrete, then integrated, then CPU, unless <paramref name="selector"/> (index or name) or ARR_VK_DEVICE picks one.</summary>
    public static GpuContext Create(string selector, Action<string>? log = null) =>
        new(new GpuDevice(new GpuDeviceOptions
        {
            Device = selector.Length > 0 ? selector : null,
            EnableValidation = Environment.GetEnvironmentVariable("ARR_VK_VALIDATION") == "1",
            ValidationMessage = log is null ? null : message => log("Vulkan validation: " + message),
            Log = log,
        }));

    /// <param name="shading">Auto lights untextured materials per vertex on CPU devices (lavapipe) and per pixel on GPUs.</param>
    public IFrameRenderer CreateRenderer(int width, int height, int framesInFlight, long primitiveBudget, ShadingMode shading = ShadingMode.Auto) =>
        new VulkanFrameRenderer(Device, width, height, framesInFlight, primitiveBudget, shading);

    /// <param name="primitiveBudget">The fixed primitive limit of the host's size, null for none.</param>
    public HostCapabilities Capabilities(long? primitiveBudget, EncoderFactory encoders) =>
        encoders.AddCodecs(new HostCapabilities().WithDevice(Device.Info, primitiveBudget));

    public void Dispose() => Device.Dispose();
}
