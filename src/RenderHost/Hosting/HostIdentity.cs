using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;

namespace ArrHost.RenderHost.Hosting;

/// <summary>
/// Who this host is, as told to the control plane and to clients. The device's part is known when
/// the host is built; the id and endpoint once Kestrel has bound its port (<see cref="Known"/>).
/// </summary>
internal sealed class HostIdentity
{
    private readonly TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostIdentity(RenderHostOptions options, GpuContext gpu, EncoderFactory encoders)
    {
        Capabilities = gpu.Capabilities(options.PrimitiveBudget > 0 ? options.PrimitiveBudget : null, encoders);
        DeviceMemoryUsed = () => gpu.DeviceMemoryUsed;
    }

    public string HostId { get; private set; } = "";
    public string RenderEndpoint { get; private set; } = "";
    public HostCapabilities Capabilities { get; }

    /// <summary>Reads the device memory in use (for heartbeats and clean-slate checks).</summary>
    public Func<ulong> DeviceMemoryUsed { get; }

    /// <summary>Completes once <see cref="HostId"/> and <see cref="RenderEndpoint"/> are set.</summary>
    public Task Known => _known.Task;

    public void Publish(string hostId, string renderEndpoint)
    {
        HostId = hostId;
        RenderEndpoint = renderEndpoint;
        _known.TrySetResult();
    }
}
