using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Threading.Channels;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Scene.Builtin;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// The limit row: the same scene, camera and pose schedule rendered, read back and encoded in this
/// process with the host's own renderer and encode worker and the same overlap (render N+1 while
/// encoding N, newest pose only), with no network, no gRPC and no control plane.
/// </summary>
internal sealed class LimitRunner : IDisposable
{
    private readonly GpuContext _gpu;

    private LimitRunner(GpuContext gpu) => _gpu = gpu;

    public string Device => _gpu.Device.Info.Name;
    public string Driver => $"{_gpu.Device.Info.DriverName} {_gpu.Device.Info.DriverInfo}".Trim();

    public static LimitRunner Open() => new(GpuContext.Create(""));

    public async Task<RunResult> RunAsync(BenchScenario s, BenchSettings settings, Action<string> status, CancellationToken ct)
    {
        var result = new RunResult { Kind = "limit", Device = Device };
        var selection = new EncoderFactory().Create(new StreamOptions
        {
            Codec = s.Codec == "h264" ? Codec.H264 : s.Codec == "raw" ? Codec.RawRgba : Codec.Jpeg,
            Width = (uint)s.Width,
            Height = (uint)s.Height,
            FramesInFlight = (uint)s.FramesInFlight,
            MaxFrameRate = 60,
        });
        result.Encoder = selection.Encoder.Name;
        using var renderer = _gpu.CreateRenderer(s.Width, s.Height, s.FramesInFlight, 0);
        var model = SphereField.Create(s.Triangles);
        using var upload = await renderer.UploadAsync(model, s.ModelUrl, ct).ConfigureAwait(false);
        IReadOnlyList<PlacedModel> items = [new PlacedModel(new LoadedModel(s.ModelUrl, model, upload), Matrix4x4.Identity, 1)];
        status($"  limit {s.Name}: in-process {Device}, {result.Encoder}");

        // At the scenario's pose rate: latency and fps comparable with the e2e run.
        await RunPipelineAsync(renderer, selection.Encoder, items, s, settings.WarmupSeconds, settings.Seconds, s.PoseRate, result, ct).ConfigureAwait(false);

        // Unthrottled: a new pose is always waiting; the pipeline's maximum frame rate.
        var max = new RunResult();
        // A fresh encoder (the worker disposes the one it was given).
        var second = new EncoderFactory().Create(new StreamOptions
        {
            Codec = selection.Options.Codec,
            Width = (uint)s.Width,
            Height = (uint)s.Height,
            FramesInFlight = (uint)s.FramesInFlight,
            MaxFrameRate = 60,
        }).Encoder;
        await RunPipelineAsync(renderer, second, items, s, 0.5, Math.Min(settings.Seconds, settings.MaxFpsSeconds), 0, max, ct).ConfigureAwait(false);

        result.MaxFps = max.Fps;
        result.MaxFpsForeignCpu = max.ForeignCpu;
        await renderer.IdleAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Runs render -> encode like the host's FramePipeline. With <paramref name="poseRate"/> 0 the
    /// render loop takes a fresh pose whenever it is free. The encoder is disposed by the worker.
    /// </summary>
    private static async Task RunPipelineAsync(IFrameRenderer renderer, IFrameEncoder encoder, IReadOnlyList<PlacedModel> items, BenchScenario s, double warmupSeconds, double seconds, int poseRate, RunResult result, CancellationToken ct)
    {
        var freq = (double)Stopwatch.Frequency;
        var worker = new EncodeWorker(encoder, Math.Max(1, s.FramesInFlight - 1), renderer.ReleaseSlot);
        worker.RequestKeyframe();
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        Pose? latest = null;
        long dropped = 0, posesSent = 0;
        var stages = new ConcurrentDictionary<ulong, (double Wait, double Render, double Readback)>();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmupSeconds * freq);
        var end = measureFrom + (long)(seconds * freq);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var latency = new List<double>();
        var wait = new List<double>();
        var render = new List<double>();
        var readback = new List<double>();
        var encode = new List<double>();
        long frames = 0, bytes = 0, keyframes = 0;
        CpuLoad? cpu = null;

        var consumer = Task.Run(async () =>
        {
            await foreach (var encoded in worker.Completed.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                try
                {
                    var sentAt = encoded.ClientTimestampUs;
                    if (sentAt < measureFrom || !stages.TryRemove(encoded.PoseId, out var st)) continue;
                    latency.Add((now - sentAt) * 1000 / freq);
                    wait.Add(st.Wait);
                    render.Add(st.Render);
                    readback.Add(st.Readback);
                    encode.Add(encoded.EncodeUs / 1000.0);
                    frames++;
                    bytes += encoded.Data.Length;
                    if (encoded.Keyframe && encoded.Codec == Codec.H264) keyframes++;
                }
                finally
                {
                    encoded.Release();
                }
            }
        }, CancellationToken.None);

        ulong nextId = 0;
        void Offer(long k)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                stop.Cancel();
                return;
            }

            if (now >= measureFrom) Interlocked.Increment(ref posesSent);
            if (Interlocked.Exchange(ref latest, new Pose(Interlocked.Increment(ref nextId), k, now)) is not null && now >= measureFrom) Interlocked.Increment(ref dropped);
            signal.Writer.TryWrite(true);
        }

        Task poses = poseRate > 0 ? new PoseTimer(poseRate, Offer, stop.Token).Completion : Task.CompletedTask;
        long frameCounter = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (poseRate == 0) Offer(frameCounter++);
                else await signal.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                if (stop.IsCancellationRequested) break;
                var pose = Interlocked.Exchange(ref latest, null);
                if (pose is null) continue;
                if (cpu is null && pose.At >= measureFrom) cpu = CpuLoad.Start();
                var rendered = await renderer.RenderAsync(OrbitCamera.At(pose.Frame), items, stop.Token).ConfigureAwait(false);
                var queued = (Stopwatch.GetTimestamp() - pose.At) * 1000 / freq - (rendered.RenderUs + rendered.ReadbackUs) / 1000.0;
                stages[pose.Id] = (Math.Max(0, queued), rendered.RenderUs / 1000.0, rendered.ReadbackUs / 1000.0);
                // Not cancellable: a rendered frame always reaches the worker, which releases its slot.
                await worker.SubmitAsync(new Rendering.Encoding.RenderedFrame(rendered.Rgba, rendered.RowPitch, pose.Id, pose.At, rendered.Slot), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }

        await poses.ConfigureAwait(false);
        worker.Complete();
        await consumer.ConfigureAwait(false);
        await worker.DisposeAsync().ConfigureAwait(false);
        var (foreign, own) = cpu?.Stop() ?? (-1, -1);
        result.Seconds = seconds;
        result.ForeignCpu = foreign;
        result.OwnCpu = own;
        result.PosesSent = posesSent;
        result.PosesDroppedByHost = dropped;
        result.FramesReceived = frames;
        result.FramesDecoded = frames;
        result.Keyframes = keyframes;
        result.Fps = frames / Math.Max(seconds, 1e-3);
        result.MeanBytesPerFrame = frames > 0 ? (double)bytes / frames : 0;
        result.Mbps = result.MeanBytesPerFrame * 8 * result.Fps / 1e6;
        result.Stages = new Dictionary<string, LatencySummary>
        {
            [Stages.PoseToEncoded] = LatencySummary.Of(latency),
            [Stages.HostWait] = LatencySummary.Of(wait),
            [Stages.HostRender] = LatencySummary.Of(render),
            [Stages.HostReadback] = LatencySummary.Of(readback),
            [Stages.HostEncode] = LatencySummary.Of(encode),
        };
        result.Samples = latency.Select(v => Math.Round(v, 2)).ToList();
    }

    public void Dispose() => _gpu.Dispose();

    private sealed record Pose(ulong Id, long Frame, long At);
}
