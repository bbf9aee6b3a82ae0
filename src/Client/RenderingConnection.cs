using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ArrHost.Client.Internal.Frames;
using ArrHost.Client.Internal.Mapping;
using ArrHost.Client.Internal.Transport;
using Proto = ArrHost.Protos.V1;

namespace ArrHost.Client;

/// <summary>
/// The open render stream of a session: scene commands, camera poses, and the frames rendered
/// from them. One reader task dispatches the host's messages (frames into a bounded buffer,
/// results and errors to the waiting commands, load progress to its reporter); one writer task
/// sends the client's (the newest pose only, never a queue of stale ones). Obtain it from
/// <see cref="RenderingSession.ConnectAsync"/>; dispose it (or disconnect the session) when done.
/// </summary>
public sealed class RenderingConnection : IAsyncDisposable
{
    private static readonly Proto.ClientMessage s_poseMarker = new();
    private static readonly Proto.ClientMessage s_ackMarker = new();
    private static readonly TimeSpan s_goodbyeWait = TimeSpan.FromSeconds(2);

    private readonly IRenderStream _stream;
    private readonly RenderingSessionProperties _session;
    private readonly RendererInitOptions _requested;
    private readonly Action<RenderingConnection, string, string> _onClosed;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Channel<Proto.ClientMessage> _outgoing = Channel.CreateUnbounded<Proto.ClientMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<RenderedFrame> _frames;
    private readonly ConcurrentDictionary<ulong, PendingCommand> _pending = new();
    private readonly FrameStatisticsAccumulator _statistics = new(() => PoseClock.NowUs);
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Proto.ClientMessage? _pendingPose;

    // Frame acknowledgements: the newest frame number received, whether an ack is queued, and the one
    // message the write loop reuses for them (it is serialized before the next write).
    private readonly Proto.ClientMessage _ackMessage = new() { FrameAck = new Proto.FrameAck() };
    private long _ackFrame;
    private int _ackQueued;
    private bool _acknowledgeFrames;
    private Task _readerTask = Task.CompletedTask;
    private Task _writerTask = Task.CompletedTask;
    private ulong _nextCommandId;
    private ulong _nextPoseId;
    private int _closed;
    private int _disposed;
    private int _reading;
    private string? _closingReason;
    private string? _closingMessage;

    private RenderingConnection(IRenderStream stream, RenderingSessionProperties session, RendererInitOptions requested, Action<RenderingConnection, string, string> onClosed)
    {
        _stream = stream;
        _session = session;
        _requested = requested;
        _onClosed = onClosed;
        _frames = Channel.CreateBounded<RenderedFrame>(
            new BoundedChannelOptions(requested.FrameBufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => _statistics.FrameDiscarded());
        EffectiveOptions = requested;
    }

    /// <summary>The session id.</summary>
    public string SessionId => _session.Id;

    /// <summary>The stream options in effect after the host applied its defaults.</summary>
    public RendererInitOptions EffectiveOptions { get; private set; }

    /// <summary>The encoder the host uses, e.g. <c>libturbojpeg</c>, <c>libx264</c>, <c>h264_nvenc</c>.</summary>
    public string Encoder { get; private set; } = "";

    /// <summary>The host's Vulkan device, e.g. <c>llvmpipe (LLVM 15.0.6, 256 bits)</c>.</summary>
    public string HostDeviceName { get; private set; } = "";

    /// <summary>Connected until the host or the application ends the connection, then Disconnected.</summary>
    public ConnectionStatus Status => Volatile.Read(ref _closed) == 0 ? ConnectionStatus.Connected : ConnectionStatus.Disconnected;

    /// <summary>Why the connection ended (see <see cref="ConnectionStatusReasons"/>); null while connected.</summary>
    public string? DisconnectReason => Volatile.Read(ref _closed) == 0 ? null : _closingReason;

    /// <summary>Details of why the connection ended; null while connected.</summary>
    public string? DisconnectMessage => Volatile.Read(ref _closed) == 0 ? null : _closingMessage;

    /// <summary>
    /// Loads a model into the scene, reporting progress (0..1) as the host publishes it.
    /// Cancelling stops waiting; the host still finishes the load.
    /// </summary>
    /// <param name="options">What to load and where.</param>
    /// <param name="progress">Receives the load fraction; may be null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The root entity with its subtree, the primitive count, and whether resources were shared.</returns>
    /// <exception cref="RemoteRenderingException">The host refused or failed the load (e.g. <c>ModelLoadFailed</c>, <c>NotFound</c>), or the connection closed.</exception>
    public async Task<LoadModelResult> LoadModelAsync(LoadModelOptions options, IProgress<float>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Url, nameof(options));
        var load = new Proto.LoadModel { Url = options.Url, ParentEntityId = options.Parent?.Id ?? 0 };
        if (options.Transform is { } t) load.Transform = ProtoMapping.ToProto(t);
        var result = await SendCommandAsync(new Proto.SceneCommand { LoadModel = load }, progress, cancellationToken).ConfigureAwait(false);
        if (result.ResultCase != Proto.CommandResult.ResultOneofCase.LoadModel) throw Unexpected(result);
        return ProtoMapping.ToResult(result.LoadModel);
    }

    /// <summary>Creates an empty entity (e.g. a pivot to parent models to).</summary>
    /// <param name="name">A name for queries and logs.</param>
    /// <param name="parent">The parent; null for the scene root.</param>
    /// <param name="transform">The local transform; null for the identity.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new entity.</returns>
    public async Task<Entity> CreateEntityAsync(string name, Entity? parent = null, EntityTransform? transform = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var create = new Proto.CreateEntity { Name = name, ParentEntityId = parent?.Id ?? 0, Transform = ProtoMapping.ToProto(transform ?? EntityTransform.Identity) };
        var result = await SendCommandAsync(new Proto.SceneCommand { CreateEntity = create }, null, cancellationToken).ConfigureAwait(false);
        if (result.ResultCase != Proto.CommandResult.ResultOneofCase.Entity) throw Unexpected(result);
        return ProtoMapping.ToEntity(result.Entity);
    }

    /// <summary>Deletes an entity and its children. A node inside a loaded model may be deleted too: only this instance of the model stops drawing it.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the host has deleted it.</returns>
    public async Task DeleteEntityAsync(Entity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var result = await SendCommandAsync(new Proto.SceneCommand { DeleteEntity = new Proto.DeleteEntity { EntityId = entity.Id } }, null, cancellationToken).ConfigureAwait(false);
        EnsureOk(result);
    }

    /// <summary>Sets an entity's local transform, keeping its parent. Nodes inside a loaded model can be moved (only this instance of the model changes).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="transform">The new local transform.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the host has applied it.</returns>
    public Task SetTransformAsync(Entity entity, EntityTransform transform, CancellationToken cancellationToken = default) =>
        SetTransformCoreAsync(entity, transform, setParent: false, null, cancellationToken);

    /// <summary>Sets an entity's local transform and moves it under a new parent (cycles are refused; a node inside a loaded model stays in its model).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="transform">The new local transform (relative to the new parent); null keeps the current one.</param>
    /// <param name="parent">The new parent; null for the scene root.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the host has applied it.</returns>
    public Task SetTransformAsync(Entity entity, EntityTransform? transform, Entity? parent, CancellationToken cancellationToken = default) =>
        SetTransformCoreAsync(entity, transform, setParent: true, parent, cancellationToken);

    /// <summary>Casts a ray into the scene.</summary>
    /// <param name="rayCast">The ray and which hits to collect.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The hits, nearest first (empty when nothing was hit).</returns>
    public async Task<IReadOnlyList<RayCastHit>> RayCastQueryAsync(RayCast rayCast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rayCast);
        if (rayCast.Direction == Vector3.Zero) throw new ArgumentException("The ray's direction must not be zero.", nameof(rayCast));
        if (rayCast.MaxHits < 0) throw new ArgumentException("MaxHits must not be negative.", nameof(rayCast));
        var ray = new Proto.RayCast
        {
            Origin = ProtoMapping.ToProto(rayCast.Origin),
            Direction = ProtoMapping.ToProto(rayCast.Direction),
            MaxDistance = rayCast.MaxDistance,
            Policy = ProtoMapping.ToProto(rayCast.HitPolicy),
            MaxHits = (uint)rayCast.MaxHits,
        };
        var result = await SendCommandAsync(new Proto.SceneCommand { RayCast = ray }, null, cancellationToken).ConfigureAwait(false);
        if (result.ResultCase != Proto.CommandResult.ResultOneofCase.RayCast) throw Unexpected(result);
        return result.RayCast.Hits.Select(ProtoMapping.ToHit).ToArray();
    }

    /// <summary>
    /// Sends a camera pose to render; a pose not yet sent is replaced by a newer one (the host renders
    /// the newest pose only). Stamped with the client's monotonic clock in microseconds, which the
    /// frame rendered from it echoes for <see cref="RenderedFrame.PoseToReceiveLatency"/>. Call it at
    /// a steady rate (e.g. 60 Hz).
    /// </summary>
    /// <param name="position">The camera position in world space.</param>
    /// <param name="orientation">The camera orientation; the camera looks down its local -Z with +Y up.</param>
    /// <param name="verticalFovDegrees">The vertical field of view in degrees.</param>
    /// <param name="nearPlane">The near plane distance.</param>
    /// <param name="farPlane">The far plane distance.</param>
    /// <returns>The pose id, echoed by <see cref="RenderedFrame.PoseId"/>.</returns>
    /// <exception cref="RemoteRenderingException"><c>ConnectionClosed</c> after the connection ended.</exception>
    public ulong SubmitPose(Vector3 position, Quaternion orientation, float verticalFovDegrees = 60, float nearPlane = 0.05f, float farPlane = 1000f)
    {
        ThrowIfClosed();
        var id = Interlocked.Increment(ref _nextPoseId);
        var message = new Proto.ClientMessage
        {
            Pose = new Proto.CameraPose
            {
                PoseId = id,
                ClientTimestampUs = PoseClock.NowUs,
                Position = ProtoMapping.ToProto(position),
                Orientation = ProtoMapping.ToProto(orientation),
                VerticalFovDegrees = verticalFovDegrees,
                NearPlane = nearPlane,
                FarPlane = farPlane,
            },
        };
        if (Interlocked.Exchange(ref _pendingPose, message) is null) _outgoing.Writer.TryWrite(s_poseMarker);
        return id;
    }

    /// <summary>Asks the host to make the next H.264 frame a keyframe (after loss or a decoder reset).</summary>
    public void RequestKeyframe()
    {
        if (Volatile.Read(ref _closed) != 0) return;
        _outgoing.Writer.TryWrite(new Proto.ClientMessage { KeyframeRequest = new Proto.KeyframeRequest() });
    }

    /// <summary>
    /// The frames as received (encoded), oldest first. When the application reads more slowly than
    /// frames arrive, the oldest buffered frame is dropped (<see cref="FrameStatistics.VideoFramesDiscarded"/>);
    /// for H.264 the frames after such a drop are discarded until the next keyframe, which is requested.
    /// Completes when the connection ends (see <see cref="DisconnectReason"/>). One reader at a time.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The frames.</returns>
    public async IAsyncEnumerable<RenderedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in ReadUsableFramesAsync(cancellationToken).ConfigureAwait(false))
        {
            Present(frame);
            yield return frame;
        }
    }

    /// <summary>
    /// The frames decoded to RGBA8 on the client. Frames superseded while waiting are skipped
    /// (<see cref="FrameStatistics.VideoFramesSkipped"/>); a frame that fails to decode is skipped and a
    /// keyframe requested. Otherwise as <see cref="ReadFramesAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The decoded frames.</returns>
    /// <exception cref="Decoding.FrameDecoderUnavailableException">The codec's native library (libturbojpeg, libavcodec) is missing.</exception>
    public async IAsyncEnumerable<DecodedFrame> ReadDecodedFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var decoder = FrameDecoding.Create(EffectiveOptions.Codec);
        var independent = EffectiveOptions.Codec != FrameCodec.H264;
        await foreach (var frame in ReadUsableFramesAsync(cancellationToken).ConfigureAwait(false))
        {
            var newerWaiting = _frames.Reader.TryPeek(out _);
            if (newerWaiting && independent)
            {
                _statistics.FrameSkipped();
                continue;
            }

            var start = PoseClock.NowUs;
            DecodedPicture picture;
            try
            {
                if (!decoder.TryDecode(frame, out picture)) continue;
            }
            catch (InvalidDataException)
            {
                _statistics.FrameSkipped();
                RequestKeyframe();
                continue;
            }

            if (newerWaiting)
            {
                _statistics.FrameSkipped();
                continue;
            }

            var end = Present(frame);
            yield return new DecodedFrame(frame, picture.Rgba, picture.Width, picture.Height, picture.Stride, PoseClock.Duration(start, end));
        }
    }

    /// <summary>
    /// Tells the statistics that the application displayed <paramref name="frame"/> (for
    /// <see cref="FrameStatistics.LatencyPresentToDisplay"/>). Optional.
    /// </summary>
    /// <param name="frame">A frame this connection presented.</param>
    public void ReportFrameDisplayed(RenderedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.PresentedAtUs > 0) _statistics.FrameDisplayed(frame.PresentedAtUs, PoseClock.NowUs);
    }

    /// <summary>A snapshot of the frame statistics of the last complete second.</summary>
    /// <returns>The statistics.</returns>
    public FrameStatistics GetStatistics() => _statistics.Snapshot();

    /// <summary>Says goodbye to the host, waits briefly for its answer, and releases the stream. Idempotent.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (Volatile.Read(ref _closed) == 0)
        {
            MarkClosing(ConnectionStatusReasons.Disconnected, "");
            _outgoing.Writer.TryWrite(new Proto.ClientMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.ClientLeft } });
            await Task.WhenAny(_readerDone.Task, Task.Delay(s_goodbyeWait)).ConfigureAwait(false);
        }

        Close(_closingReason ?? ConnectionStatusReasons.Disconnected, _closingMessage ?? "", notify: false);
        try
        {
            await Task.WhenAll(_readerTask, _writerTask).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loops report their failures through Close; nothing is left to observe here.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    internal static async Task<RenderingConnection> OpenAsync(
        IRenderTransport transport,
        RenderingSessionProperties session,
        RendererInitOptions options,
        string clientName,
        Action<RenderingConnection, string, string> onClosed,
        CancellationToken cancellationToken)
    {
        options.Validate();
        var stream = transport.Connect(session.RenderEndpoint, CancellationToken.None);
        var connection = new RenderingConnection(stream, session, options, onClosed);
        try
        {
            await connection.HandshakeAsync(clientName, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.MarkClosing(ConnectionStatusReasons.ConnectionLost, "");
            connection.Close(ConnectionStatusReasons.ConnectionLost, "", notify: false);
            Interlocked.Exchange(ref connection._disposed, 1);
            await stream.DisposeAsync().ConfigureAwait(false);
            connection._lifetime.Dispose();
            throw;
        }

        connection._readerTask = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        connection._writerTask = Task.Run(connection.WriteLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sets the reason the coming close reports, unless one was set; the session uses it before it disposes.</summary>
    internal void MarkClosing(string reason, string message)
    {
        if (Interlocked.CompareExchange(ref _closingReason, reason, null) is null) _closingMessage = message;
    }

    private async Task HandshakeAsync(string clientName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        timeout.CancelAfter(_requested.ConnectTimeout);
        var hello = new Proto.Hello
        {
            SessionId = _session.Id,
            ConnectionToken = _session.ConnectionToken,
            Options = ProtoMapping.ToProto(_requested),
            ClientName = clientName,
        };
        try
        {
            await _stream.WriteAsync(new Proto.ClientMessage { Hello = hello }, timeout.Token).ConfigureAwait(false);
            Proto.Error? error = null;
            while (true)
            {
                var message = await _stream.ReadAsync(timeout.Token).ConfigureAwait(false);
                switch (message?.BodyCase)
                {
                    case null:
                        throw error is null
                            ? new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, "The render host ended the stream before welcoming the client.")
                            : HostError(error);
                    case Proto.ServerMessage.BodyOneofCase.Welcome:
                        ApplyWelcome(message.Welcome);
                        return;
                    case Proto.ServerMessage.BodyOneofCase.Error:
                        // Usually followed by a Goodbye; keep the more specific error.
                        error = message.Error;
                        if (message.Error.CommandId == 0) throw HostError(error);
                        break;
                    case Proto.ServerMessage.BodyOneofCase.Goodbye:
                        throw error is not null ? HostError(error) : GoodbyeError(message.Goodbye);
                    default:
                        throw new RemoteRenderingException(RemoteRenderingErrorCodes.ProtocolError, $"The render host sent {message.BodyCase} before its welcome.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteRenderingException(RemoteRenderingErrorCodes.Timeout, $"The render host at {_session.RenderEndpoint} did not welcome the client within {_requested.ConnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    private void ApplyWelcome(Proto.Welcome welcome)
    {
        Encoder = welcome.Encoder;
        // Acknowledge only when the host itself says it paces by them: an older host would echo the
        // option it does not know (protobuf keeps unknown fields) and then refuse the acknowledgements.
        _acknowledgeFrames = welcome.FramePacing;
        HostDeviceName = welcome.Capabilities?.DeviceName ?? "";
        if (welcome.Options is { } o)
        {
            EffectiveOptions = new RendererInitOptions
            {
                Codec = o.Codec == Proto.Codec.Unspecified ? _requested.Codec : ProtoMapping.FromProto(o.Codec),
                Width = o.Width == 0 ? _requested.Width : (int)o.Width,
                Height = o.Height == 0 ? _requested.Height : (int)o.Height,
                MaxFrameRate = o.MaxFrameRate == 0 ? _requested.MaxFrameRate : (int)o.MaxFrameRate,
                FramesInFlight = o.FramesInFlight == 0 ? _requested.FramesInFlight : (int)o.FramesInFlight,
                JpegQuality = o.JpegQuality == 0 ? _requested.JpegQuality : (int)o.JpegQuality,
                BitrateKbps = (int)o.BitrateKbps,
                GopLength = o.GopLength == 0 ? _requested.GopLength : (int)o.GopLength,
                AcknowledgeFrames = welcome.FramePacing,
                JpegSubsampling = o.JpegSubsampling.Length == 0 ? _requested.JpegSubsampling : ProtoMapping.FromProtoSubsampling(o.JpegSubsampling),
                FrameBufferCapacity = _requested.FrameBufferCapacity,
                ConnectTimeout = _requested.ConnectTimeout,
            };
        }
    }

    private async Task ReadLoopAsync()
    {
        var token = _lifetime.Token;
        string reason = ConnectionStatusReasons.ConnectionLost;
        string detail = "The render host ended the stream without a goodbye.";
        Proto.Error? lastError = null;
        try
        {
            while (true)
            {
                var message = await _stream.ReadAsync(token).ConfigureAwait(false);
                if (message is null) break;
                switch (message.BodyCase)
                {
                    case Proto.ServerMessage.BodyOneofCase.Frame:
                        OnFrame(message.Frame);
                        break;
                    case Proto.ServerMessage.BodyOneofCase.LoadProgress:
                        if (_pending.TryGetValue(message.LoadProgress.CommandId, out var loading)) loading.Progress?.Report(message.LoadProgress.Fraction);
                        break;
                    case Proto.ServerMessage.BodyOneofCase.CommandResult:
                        if (_pending.TryRemove(message.CommandResult.CommandId, out var done)) done.Completion.TrySetResult(message.CommandResult);
                        break;
                    case Proto.ServerMessage.BodyOneofCase.Error:
                        if (message.Error.CommandId != 0 && _pending.TryRemove(message.Error.CommandId, out var failed))
                        {
                            failed.Completion.TrySetException(HostError(message.Error));
                        }
                        else
                        {
                            lastError = message.Error;
                        }

                        break;
                    case Proto.ServerMessage.BodyOneofCase.Goodbye:
                        reason = ProtoMapping.ToReason(message.Goodbye.Reason);
                        detail = message.Goodbye.Message.Length > 0 ? message.Goodbye.Message : lastError?.Message ?? "";
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            detail = "";
        }
        catch (Exception ex)
        {
            detail = ex.Message;
        }
        finally
        {
            _readerDone.TrySetResult();
            Close(reason, detail, notify: true);
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _lifetime.Token;
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                var message = ReferenceEquals(item, s_poseMarker) ? Interlocked.Exchange(ref _pendingPose, null)
                    : ReferenceEquals(item, s_ackMarker) ? NextAck()
                    : item;
                if (message is null) continue;
                await _stream.WriteAsync(message, token).ConfigureAwait(false);
                if (message.BodyCase == Proto.ClientMessage.BodyOneofCase.Goodbye)
                {
                    await _stream.CompleteAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Close(ConnectionStatusReasons.ConnectionLost, ex.Message, notify: true);
        }
    }

    /// <summary>The ack to send for the newest frame received (queued acks collapse into one).</summary>
    private Proto.ClientMessage NextAck()
    {
        // A full fence: the flag must be clear before the frame number is read, or a frame arriving in
        // between would neither be read here nor queue its own acknowledgement.
        Interlocked.Exchange(ref _ackQueued, 0);
        _ackMessage.FrameAck.FrameNumber = (ulong)Volatile.Read(ref _ackFrame);
        return _ackMessage;
    }

    private void OnFrame(Proto.Frame f)
    {
        if (_acknowledgeFrames)
        {
            Volatile.Write(ref _ackFrame, (long)f.FrameNumber);
            if (Interlocked.Exchange(ref _ackQueued, 1) == 0) _outgoing.Writer.TryWrite(s_ackMarker);
        }

        var now = PoseClock.NowUs;
        var latency = f.ClientTimestampUs > 0 ? PoseClock.Duration(f.ClientTimestampUs, now) : TimeSpan.Zero;
        var frame = new RenderedFrame(
            f.FrameNumber,
            f.PoseId,
            ProtoMapping.FromProto(f.Codec),
            f.Keyframe || f.Codec != Proto.Codec.H264,
            (int)f.Width,
            (int)f.Height,
            f.Data.Memory,
            ProtoMapping.ToTimings(f.Timings),
            latency,
            (int)f.PosesDropped,
            f.OverBudget,
            now);
        _statistics.FrameReceived(now, f.ClientTimestampUs, f.PoseId, (int)f.PosesDropped);
        _frames.Writer.TryWrite(frame);
    }

    /// <summary>Frames in order, minus undecodable H.264 frames after a gap (until the next keyframe).</summary>
    private async IAsyncEnumerable<RenderedFrame> ReadUsableFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0) throw new InvalidOperationException("Frames are already being read; only one reader at a time.");
        try
        {
            ulong? last = null;
            var needKeyframe = true;
            var requested = false;
            var reader = _frames.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    if (frame.Codec == FrameCodec.H264)
                    {
                        // A decoder needs a keyframe first, and again after any gap (a frame dropped for a slow reader).
                        if (last is { } l && frame.FrameNumber != l + 1 && !needKeyframe)
                        {
                            needKeyframe = true;
                            requested = false;
                        }

                        last = frame.FrameNumber;
                        if (needKeyframe && !frame.Keyframe)
                        {
                            _statistics.FrameDiscarded();
                            if (!requested)
                            {
                                RequestKeyframe();
                                requested = true;
                            }

                            continue;
                        }

                        needKeyframe = false;
                    }

                    yield return frame;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private long Present(RenderedFrame frame)
    {
        var now = PoseClock.NowUs;
        frame.PresentedAtUs = now;
        _statistics.FramePresented(frame.ReceivedAtUs, now);
        return now;
    }

    private async Task<Proto.CommandResult> SendCommandAsync(Proto.SceneCommand command, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        var id = Interlocked.Increment(ref _nextCommandId);
        command.CommandId = id;
        var pending = new PendingCommand(progress);
        _pending[id] = pending;
        if (Volatile.Read(ref _closed) != 0 || !_outgoing.Writer.TryWrite(new Proto.ClientMessage { Command = command }))
        {
            _pending.TryRemove(id, out _);
            ThrowIfClosed();
        }

        using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(id, out var p)) p.Completion.TrySetCanceled(cancellationToken);
        });
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private async Task SetTransformCoreAsync(Entity entity, EntityTransform? transform, bool setParent, Entity? parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var set = new Proto.SetTransform { EntityId = entity.Id, SetParent = setParent, ParentEntityId = parent?.Id ?? 0 };
        if (transform is { } t) set.Transform = ProtoMapping.ToProto(t);
        var result = await SendCommandAsync(new Proto.SceneCommand { SetTransform = set }, null, cancellationToken).ConfigureAwait(false);
        EnsureOk(result);
    }

    /// <summary>Ends the connection once: fails waiting commands, completes the frame stream, stops both loops.</summary>
    private void Close(string reason, string message, bool notify)
    {
        MarkClosing(reason, message);
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        var error = new RemoteRenderingException(
            RemoteRenderingErrorCodes.ConnectionClosed,
            $"The connection closed ({_closingReason}){(string.IsNullOrEmpty(_closingMessage) ? "" : ": " + _closingMessage)}.");
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var p)) p.Completion.TrySetException(error);
        }

        _frames.Writer.TryComplete();
        _outgoing.Writer.TryComplete();
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        if (notify) _onClosed(this, _closingReason!, _closingMessage ?? "");
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, $"The connection is closed ({_closingReason}).");
        }
    }

    private static void EnsureOk(Proto.CommandResult result)
    {
        if (result.ResultCase != Proto.CommandResult.ResultOneofCase.Ok || !result.Ok) throw Unexpected(result);
    }

    private static RemoteRenderingException Unexpected(Proto.CommandResult result) =>
        new(RemoteRenderingErrorCodes.ProtocolError, $"The render host answered command {result.CommandId} with an unexpected {result.ResultCase} result.");

    private static RemoteRenderingException HostError(Proto.Error error) =>
        new(ProtoMapping.HostErrorToCode(error.Code), error.Message.Length > 0 ? error.Message : $"The render host answered {error.Code}.");

    private static RemoteRenderingException GoodbyeError(Proto.Goodbye goodbye)
    {
        var code = goodbye.Reason switch
        {
            Proto.GoodbyeReason.OtherClientConnected => RemoteRenderingErrorCodes.OtherSessionConnected,
            Proto.GoodbyeReason.SessionStopped or Proto.GoodbyeReason.SessionExpired or Proto.GoodbyeReason.SessionError => RemoteRenderingErrorCodes.SessionEnded,
            Proto.GoodbyeReason.ProtocolError => RemoteRenderingErrorCodes.ProtocolError,
            _ => RemoteRenderingErrorCodes.ConnectionClosed,
        };
        return new RemoteRenderingException(code, goodbye.Message.Length > 0 ? goodbye.Message : $"The render host said goodbye ({goodbye.Reason}).");
    }

    private sealed class PendingCommand(IProgress<float>? progress)
    {
        public IProgress<float>? Progress { get; } = progress;

        public TaskCompletionSource<Proto.CommandResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
