using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ArrHost.Protos.V1;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Sessions;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Scene;
using Google.Protobuf;

namespace ArrHost.RenderHost.Streaming;

/// <summary>
/// Renders the newest pose, encodes, and sends, as three overlapping stages: the render loop
/// renders frame N+1 while the encode worker encodes frame N and the send loop writes frame N-1.
/// Poses that arrive while a newer one waits are dropped, never queued.
/// </summary>
internal sealed class FramePipeline
{
    private readonly StreamOptions _options;
    private readonly ResponseWriter _writer;
    private readonly IFrameRenderer _renderer;
    private readonly EncodeWorker _encoder;
    private readonly GpuContext _gpu;
    private readonly SessionSlot _slot;
    private readonly ulong _memoryAtStart;
    private readonly RenderHostMetrics? _metrics;

    // Delivery pacing (StreamOptions.acknowledge_frames): send times by frame number, the newest frame sent
    // and acknowledged, the fastest send -> ack seen, and a signal per acknowledgement.
    private const int MaxUnacknowledged = 8;
    private const int SentRing = 64;
    private readonly long[] _sentAt = new long[SentRing];
    private readonly SemaphoreSlim _ackSignal = new(0);
    private readonly long _queueSlackTicks;
    private long _sentThrough;
    private long _ackedThrough;
    private long _baseRttTicks = long.MaxValue;

    // The fastest round trip is taken over the current and the previous window, so a link whose round
    // trip rises for good (a handover) is re-learned within two windows instead of capping the rate.
    private static readonly long s_rttWindowTicks = Stopwatch.Frequency * 5;
    private long _rttWindowStart;
    private long _rttWindowMin = long.MaxValue;
    private long _rttPreviousWindowMin = long.MaxValue;
    private readonly Channel<bool> _poseSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<StageTimes> _inFlight = new();
    private readonly SemaphoreSlim _renderGate = new(1, 1);

    // Frames between the start of their render and the end of their send. When the link is slower
    // than rendering, the render loop waits here (and then renders the newest pose) instead of
    // piling encoded frames up in front of the stream.
    private readonly SemaphoreSlim _unsent;
    private readonly List<PlacedModel> _items = [];

    private SceneGraph? _scene;
    private Lock? _sceneLock;
    private PendingPose? _latest;
    private int _dropped;
    private long _collectedVersion = -1;
    private int _disposed;
    private ulong _frameNumber;
    private long _previousSendUs;

    /// <param name="memoryAtStart">Device memory in use before this connection's renderer existed.</param>
    public FramePipeline(StreamOptions options, ResponseWriter writer, IFrameRenderer renderer, EncodeWorker encoder, GpuContext gpu, SessionSlot slot, ulong memoryAtStart, RenderHostMetrics? metrics = null)
    {
        _metrics = metrics;
        _options = options;
        _writer = writer;
        _renderer = renderer;
        _encoder = encoder;
        _gpu = gpu;
        _slot = slot;
        _memoryAtStart = memoryAtStart;
        var inFlight = (int)Math.Clamp(options.FramesInFlight, 1u, 4u);
        _unsent = new SemaphoreSlim(inFlight + 1, inFlight + 1);
        // Two frame intervals beyond the link's fastest round trip count as jitter, not queueing: one was
        // too tight for a jittery mobile link, which then lost frame rate without gaining latency.
        _queueSlackTicks = 2 * Math.Max(Stopwatch.Frequency / 200, Stopwatch.Frequency / Math.Max(1u, options.MaxFrameRate));
        // A new client always starts with a keyframe.
        encoder.RequestKeyframe();
    }

    public string EncoderName => _encoder.Encoder.Name;

    /// <summary>The options in effect (the codec may differ from the request when a library is missing).</summary>
    public StreamOptions Options => _options;

    public void Attach(SceneGraph scene, Lock sceneLock)
    {
        _scene = scene;
        _sceneLock = sceneLock;
    }

    public void OnPose(CameraPose pose, long arrivalTimestamp)
    {
        var previous = Interlocked.Exchange(ref _latest, new PendingPose(pose, arrivalTimestamp));
        if (previous is not null) Interlocked.Increment(ref _dropped);
        _poseSignal.Writer.TryWrite(true);
    }

    public void RequestKeyframe() => _encoder.RequestKeyframe();

    /// <summary>The client received every frame up to <paramref name="frameNumber"/> (StreamOptions.acknowledge_frames).</summary>
    public void OnFrameAck(ulong frameNumber)
    {
        var now = Stopwatch.GetTimestamp();
        var n = (long)Math.Min(frameNumber, (ulong)Volatile.Read(ref _sentThrough));
        if (n <= Volatile.Read(ref _ackedThrough)) return;
        var rtt = now - _sentAt[n % SentRing];
        if (rtt >= 0)
        {
            if (now - _rttWindowStart > s_rttWindowTicks)
            {
                _rttPreviousWindowMin = _rttWindowMin;
                _rttWindowMin = long.MaxValue;
                _rttWindowStart = now;
            }

            _rttWindowMin = Math.Min(_rttWindowMin, rtt);
            Volatile.Write(ref _baseRttTicks, Math.Min(_rttWindowMin, _rttPreviousWindowMin));
        }

        Volatile.Write(ref _ackedThrough, n);
        if (_ackSignal.CurrentCount == 0) _ackSignal.Release();
    }

    public Task<IDisposable> UploadAsync(ModelData data, object key, CancellationToken ct) => _renderer.UploadAsync(data, key, ct);

    /// <summary>Waits until no frame is being rendered, so resources the scene no longer uses can be freed.</summary>
    public async Task DrainAsync()
    {
        await _renderGate.WaitAsync().ConfigureAwait(false);
        _renderGate.Release();
    }

    /// <summary>Frees the renderer and the encoder (after the scene's models were released) and checks device memory is back where it was.</summary>
    public async Task<bool> DisposeAndVerifyAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return _gpu.DeviceMemoryUsed <= _memoryAtStart;
        try
        {
            await _renderer.IdleAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        _encoder.Complete();
        await _encoder.DisposeAsync().ConfigureAwait(false);
        _renderer.Dispose();
        return _gpu.DeviceMemoryUsed <= _memoryAtStart;
    }

    public void ReportFailure(string sessionId, Exception error) =>
        _slot.ReportFailure(sessionId, error is Rendering.Vulkan.VulkanException ? "DeviceLost" : "RenderLoopCrashed", error.Message);

    public async Task RunAsync(CancellationToken ct)
    {
        var send = SendLoopAsync(ct);
        try
        {
            await RenderLoopAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _encoder.Complete();
            await send.ConfigureAwait(false);
        }
    }

    private async Task RenderLoopAsync(CancellationToken ct)
    {
        // The client's max frame rate as a token bucket (two frames of burst): it caps the average
        // rate without adding delay to a pose that arrives a little early. A cap measured from the
        // previous render's start would carry one frame's delay over to every following frame.
        var rate = (double)Math.Max(1u, _options.MaxFrameRate);
        var tokens = 2.0;
        var lastRefill = Stopwatch.GetTimestamp();
        while (await _poseSignal.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _poseSignal.Reader.TryRead(out _);
            await _unsent.WaitAsync(ct).ConfigureAwait(false);
            tokens = Math.Min(2.0, tokens + (Stopwatch.GetElapsedTime(lastRefill).TotalSeconds * rate));
            lastRefill = Stopwatch.GetTimestamp();
            if (tokens < 1.0)
            {
                await Task.Delay(TimeSpan.FromSeconds((1.0 - tokens) / rate), ct).ConfigureAwait(false);
                tokens = Math.Min(2.0, tokens + (Stopwatch.GetElapsedTime(lastRefill).TotalSeconds * rate));
                lastRefill = Stopwatch.GetTimestamp();
            }

            tokens = Math.Max(0.0, tokens - 1.0);
            if (_options.AcknowledgeFrames) await WaitForLinkAsync(ct).ConfigureAwait(false);
            var pending = Interlocked.Exchange(ref _latest, null);
            if (pending is null)
            {
                tokens += 1.0;
                _unsent.Release();
                continue;
            }


            RenderedSlot rendered;
            await _renderGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                CollectIfChanged();
                rendered = await _renderer.RenderAsync(CameraState.FromPose(pending.Pose), _items, ct).ConfigureAwait(false);
            }
            catch
            {
                _unsent.Release();
                throw;
            }
            finally
            {
                _renderGate.Release();
            }

            var queued = (long)Stopwatch.GetElapsedTime(pending.Arrival).TotalMicroseconds - rendered.RenderUs - rendered.ReadbackUs;
            _inFlight.Enqueue(new StageTimes(
                pending.Arrival,
                (uint)Math.Max(0, queued),
                (uint)rendered.RenderUs,
                (uint)rendered.ReadbackUs,
                (uint)Interlocked.Exchange(ref _dropped, 0),
                rendered.OverBudget));
            await _encoder.SubmitAsync(new RenderedFrame(rendered.Rgba, rendered.RowPitch, pending.Pose.PoseId, pending.Pose.ClientTimestampUs, rendered.Slot), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Holds the next frame back while the link is queueing: the oldest unacknowledged frame has been out
    /// longer than the fastest recent round trip plus two frame intervals, or too many are out. Waiting here
    /// (not in the network) keeps the newest pose the one rendered, and shows up as the host's wait stage.
    /// </summary>
    private async ValueTask WaitForLinkAsync(CancellationToken ct)
    {
        while (true)
        {
            var acked = Volatile.Read(ref _ackedThrough);
            var outstanding = Volatile.Read(ref _sentThrough) - acked;
            if (outstanding <= 0) return;
            if (outstanding < MaxUnacknowledged)
            {
                var baseRtt = Volatile.Read(ref _baseRttTicks);
                // Before the first acknowledgement there is no round trip to judge by: allow one frame out.
                if (baseRtt == long.MaxValue ? outstanding < 2 : Stopwatch.GetTimestamp() - _sentAt[(acked + 1) % SentRing] <= baseRtt + _queueSlackTicks)
                {
                    return;
                }
            }

            await _ackSignal.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void CollectIfChanged()
    {
        if (_scene is null || _sceneLock is null) return;
        lock (_sceneLock)
        {
            if (_scene.Version == _collectedVersion) return;
            _scene.CollectPlacedModels(_items);
            _collectedVersion = _scene.Version;
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var frame = new Frame { Timings = new FrameTimings() };
        var message = new ServerMessage();
        await foreach (var encoded in _encoder.Completed.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                _inFlight.TryDequeue(out var times);
                frame.FrameNumber = ++_frameNumber;
                frame.PoseId = encoded.PoseId;
                frame.ClientTimestampUs = encoded.ClientTimestampUs;
                frame.Codec = encoded.Codec;
                frame.Keyframe = encoded.Keyframe;
                frame.Width = (uint)encoded.Width;
                frame.Height = (uint)encoded.Height;
                // The buffer is not reused until Release below, after the write has serialized it.
                frame.Data = UnsafeByteOperations.UnsafeWrap(encoded.Data);
                frame.PosesDropped = times.Dropped;
                frame.OverBudget = times.OverBudget;
                var t = frame.Timings;
                t.WaitUs = times.WaitUs;
                t.RenderUs = times.RenderUs;
                t.ReadbackUs = times.ReadbackUs;
                t.EncodeUs = encoded.EncodeUs;
                t.PreviousSendUs = (uint)Math.Min(uint.MaxValue, _previousSendUs);
                t.TotalUs = (uint)Stopwatch.GetElapsedTime(times.Arrival).TotalMicroseconds;
                message.Frame = frame;
                _sentAt[(long)frame.FrameNumber % SentRing] = Stopwatch.GetTimestamp();
                Volatile.Write(ref _sentThrough, (long)frame.FrameNumber);
                _previousSendUs = await _writer.WriteAsync(message, ct).ConfigureAwait(false);
                _metrics?.FrameSent(encoded.Codec, frame.Data.Length, times.Dropped, times.WaitUs, times.RenderUs, times.ReadbackUs, encoded.EncodeUs, _previousSendUs, t.TotalUs);
            }
            finally
            {
                encoded.Release();
                _unsent.Release();
            }
        }
    }

    private sealed record PendingPose(CameraPose Pose, long Arrival);

    private readonly record struct StageTimes(long Arrival, uint WaitUs, uint RenderUs, uint ReadbackUs, uint Dropped, bool OverBudget);
}
