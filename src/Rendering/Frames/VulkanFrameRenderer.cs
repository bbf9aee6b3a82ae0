using System.Diagnostics;
using System.Threading.Channels;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Frames;

/// <summary>
/// One connection's renderer on the host's device: the GPU renderer at the client's resolution and
/// a ring of host frame buffers, so the encoder can read frame N while frame N+1 renders.
/// </summary>
internal sealed class VulkanFrameRenderer : IFrameRenderer
{
    private readonly Renderer _renderer;
    private readonly byte[][] _buffers;
    private readonly Channel<int> _free;
    private readonly List<DrawInstance> _instances = [];

    public VulkanFrameRenderer(GpuDevice device, int width, int height, int framesInFlight, long primitiveBudget, ShadingMode shading)
    {
        _renderer = new Renderer(device, new RendererOptions
        {
            Width = width,
            Height = height,
            FramesInFlight = framesInFlight,
            PrimitiveBudget = primitiveBudget > 0 ? primitiveBudget : null,
            Shading = shading,
        });
        // One buffer per frame in flight plus one being encoded.
        _buffers = new byte[framesInFlight + 1][];
        _free = Channel.CreateBounded<int>(_buffers.Length);
        for (var i = 0; i < _buffers.Length; i++)
        {
            _buffers[i] = GC.AllocateUninitializedArray<byte>(width * height * 4, pinned: true);
            _free.Writer.TryWrite(i);
        }
    }

    public int Width => _renderer.Width;
    public int Height => _renderer.Height;

    public async Task<IDisposable> UploadAsync(ModelData model, object key, CancellationToken ct) =>
        await _renderer.UploadAsync(model, key, ct).ConfigureAwait(false);

    public async ValueTask<RenderedSlot> RenderAsync(CameraState camera, IReadOnlyList<PlacedModel> items, CancellationToken ct)
    {
        var waitStart = Stopwatch.GetTimestamp();
        var slot = await _free.Reader.ReadAsync(ct).ConfigureAwait(false);
        var waitUs = (int)Stopwatch.GetElapsedTime(waitStart).TotalMicroseconds;
        try
        {
            _instances.Clear();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Model.GpuResources is GpuModel gpuModel) _instances.Add(new DrawInstance(gpuModel, items[i].World, items[i].NodeWorlds));
            }

            var pose = new CameraPose(camera.Position, camera.Orientation, camera.VerticalFovDegrees * MathF.PI / 180f, camera.Near, camera.Far);
            var t = await _renderer.RenderAsync(pose, _instances, _buffers[slot], 0, ct).ConfigureAwait(false);
            return new RenderedSlot(_buffers[slot], Width * 4, slot, waitUs + (int)t.WaitMicros, (int)t.RenderMicros, (int)t.ReadbackMicros, t.OverBudget);
        }
        catch
        {
            _free.Writer.TryWrite(slot);
            throw;
        }
    }

    public Task IdleAsync() => _renderer.IdleAsync();

    public void ReleaseSlot(object? slot)
    {
        if (slot is int index) _free.Writer.TryWrite(index);
    }

    public void Dispose() => _renderer.Dispose();
}
