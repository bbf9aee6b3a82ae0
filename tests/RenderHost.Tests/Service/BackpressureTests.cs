using ArrHost.Protos.V1;
using ArrHost.RenderHost.Sessions;
using ArrHost.RenderHost.Streaming;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Scene;
using Grpc.Core;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A client that cannot keep up must slow the host down, not make it queue frames without bound.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task RenderLoop_StalledStream_RendersAtMostFramesInFlightPlusOneAhead()
    {
        using var gpu = GpuContext.Create("");
        var slot = new SessionSlot();
        var sink = new StalledSink();
        var writer = new ResponseWriter(sink);
        var options = EncoderFactory.Normalize(new StreamOptions { Codec = Codec.RawRgba, Width = 32, Height = 32, FramesInFlight = 2 });
        var encoder = new EncoderFactory().Create(options);
        var renderer = new CountingRenderer(gpu.CreateRenderer(32, 32, 2, 0));
        var pipeline = new FramePipeline(encoder.Options, writer, renderer, new EncodeWorker(encoder.Encoder, 1, renderer.ReleaseSlot), gpu, slot, gpu.DeviceMemoryUsed);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = pipeline.RunAsync(cts.Token);

        for (ulong pose = 1; pose <= 40; pose++)
        {
            pipeline.OnPose(new CameraPose { PoseId = pose, Orientation = new Quat { W = 1 } }, System.Diagnostics.Stopwatch.GetTimestamp());
            await Task.Delay(5);
        }

        // The first render can take a while on a loaded machine; once it is done, the stall must hold the rest back.
        var firstRender = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (renderer.Renders == 0 && DateTime.UtcNow < firstRender) await Task.Delay(10);
        await Task.Delay(300);
        var whileStalled = renderer.Renders;
        Assert.InRange(whileStalled, 1, 3);

        sink.Release();
        pipeline.OnPose(new CameraPose { PoseId = 41, Orientation = new Quat { W = 1 } }, System.Diagnostics.Stopwatch.GetTimestamp());
        await sink.WaitForPoseAsync(41).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(renderer.Renders > whileStalled);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await pipeline.DisposeAndVerifyAsync();
    }

    private sealed class CountingRenderer(IFrameRenderer inner) : IFrameRenderer
    {
        private int _renders;
        public int Renders => Volatile.Read(ref _renders);
        public int Width => inner.Width;
        public int Height => inner.Height;
        public Task<IDisposable> UploadAsync(ModelData model, object key, CancellationToken ct) => inner.UploadAsync(model, key, ct);

        public ValueTask<RenderedSlot> RenderAsync(CameraState camera, IReadOnlyList<PlacedModel> items, CancellationToken ct)
        {
            Interlocked.Increment(ref _renders);
            return inner.RenderAsync(camera, items, ct);
        }

        public Task IdleAsync() => inner.IdleAsync();
        public void ReleaseSlot(object? slot) => inner.ReleaseSlot(slot);
        public void Dispose() => inner.Dispose();
    }

    /// <summary>A stream whose writes block until released, like a client that stopped reading.</summary>
    private sealed class StalledSink : IServerStreamWriter<ServerMessage>
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(ulong Pose, TaskCompletionSource Seen)> _waiters = [];

        public void Release() => _open.TrySetResult();

        public Task WaitForPoseAsync(ulong pose)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters) _waiters.Add((pose, tcs));
            return tcs.Task;
        }

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ServerMessage message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(ServerMessage message, CancellationToken ct)
        {
            await _open.Task.WaitAsync(ct);
            if (message.Frame is { } frame)
            {
                lock (_waiters)
                {
                    foreach (var (pose, seen) in _waiters)
                    {
                        if (frame.PoseId >= pose) seen.TrySetResult();
                    }
                }
            }
        }
    }
}
