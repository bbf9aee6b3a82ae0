using ArrHost.Protos.V1;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Hosting;
using ArrHost.RenderHost.Sessions;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Gpu;

namespace ArrHost.RenderHost.Streaming;

/// <summary>Builds a connection's pipeline: a renderer at the client's resolution and the negotiated encoder.</summary>
internal sealed class FramePipelineFactory(GpuContext gpu, EncoderFactory encoders, SessionSlot slot, RenderHostOptions options, RenderHostMetrics? metrics = null)
{
    /// <summary>Applies defaults and validates the client's options; throws ArgumentException with a clear message.</summary>
    public StreamOptions Normalize(StreamOptions requested) => EncoderFactory.Normalize(requested);

    public FramePipeline Create(StreamOptions normalized, Lease lease, ResponseWriter writer)
    {
        var selection = encoders.Create(normalized);
        IFrameRenderer? renderer = null;
        try
        {
            var memoryAtStart = gpu.DeviceMemoryUsed;
            var inFlight = (int)Math.Clamp(normalized.FramesInFlight, 1u, 4u);
            renderer = gpu.CreateRenderer((int)normalized.Width, (int)normalized.Height, inFlight, options.BudgetFor(lease.Size), options.ShadingMode ?? ShadingMode.Auto);
            var worker = new EncodeWorker(selection.Encoder, Math.Max(1, inFlight - 1), renderer.ReleaseSlot);
            return new FramePipeline(selection.Options, writer, renderer, worker, gpu, slot, memoryAtStart, metrics);
        }
        catch
        {
            renderer?.Dispose();
            selection.Encoder.Dispose();
            throw;
        }
    }
}
