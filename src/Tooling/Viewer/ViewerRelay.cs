using System.Net.WebSockets;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArrHost.Client;
using ArrHost.Tooling.Camera;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// The session's one connected device on behalf of a page: holds the <see cref="RenderingConnection"/>,
/// turns the page's poses into <see cref="RenderingConnection.SubmitPose"/>, loads models, and hands
/// every received frame to the page (<see cref="ViewerPage"/> drops stale ones). One page at a time: a
/// second one is told why it is refused and closed. A page that goes away leaves the connection (and the
/// loaded model) in place for the next; when the page cannot decode H.264 the relay reconnects with JPEG.
/// </summary>
public sealed class ViewerRelay : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    private readonly RenderingSession _session;
    private readonly ViewerOptions _options;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly PoseSequenceMap _poses = new();
    private readonly List<double> _glassToGlass = new(4096);
    private readonly List<double> _decode = new(4096);
    private readonly List<double> _receive = new(4096);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private RenderingConnection? _connection;
    private CancellationTokenSource? _pumpCts;
    private Task _pump = Task.CompletedTask;
    private ViewerPage? _page;
    private string? _modelUrl;
    private JsonObject? _loaded;
    private string? _note;
    private long _lastKeyframeRequest;
    private long _pagesRefused;

    public ViewerRelay(RenderingSession session, ViewerOptions options, Action<string>? log = null)
    {
        _session = session;
        _options = options;
        _log = log ?? (_ => { });
    }

    /// <summary>Completes with the reason when the host ended the connection (session stopped, expired, host gone).</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>The codec of the current connection (null before the first page).</summary>
    public FrameCodec? Codec => _connection?.EffectiveOptions.Codec;

    public long PagesRefused => Interlocked.Read(ref _pagesRefused);

    /// <summary>Pose sent by the page to frame painted by it, in ms, as the page measured it, since the last reset.</summary>
    public double[] GlassToGlassSamples() => Copy(_glassToGlass);

    /// <summary>The page's decode time (frame received to painted: WebCodecs or createImageBitmap, then drawImage), in ms.</summary>
    public double[] DecodeSamples() => Copy(_decode);

    /// <summary>The SDK's pose-to-receive latency in this process (pose submitted to frame received), in ms.</summary>
    public double[] ReceiveSamples() => Copy(_receive);

    public void ResetStatistics()
    {
        lock (_glassToGlass)
        {
            _glassToGlass.Clear();
            _decode.Clear();
            _receive.Clear();
        }
    }

    /// <summary>Serves one page's WebSocket until it closes.</summary>
    public async Task ServePageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var page = new ViewerPage(socket, RequestKeyframe);
        if (!await ClaimAsync(page, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _pagesRefused);
            await RefuseAsync(page, cancellationToken).ConfigureAwait(false);
            return;
        }

        _log("A page connected.");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var sender = Task.CompletedTask;
        try
        {
            sender = page.RunSenderAsync(_poses.Find, cts.Token);
            await ReceiveAsync(page, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The page went away, or the viewer is stopping.
        }
        finally
        {
            Interlocked.CompareExchange(ref _page, null, page);
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await sender.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
            }

            _log("The page disconnected.");
        }
    }

    /// <summary>
    /// Makes <paramref name="page"/> the one page. A page whose socket is already closing (a reload, a
    /// reconnect after a drop) gives way; a live one keeps the place and the newcomer is refused.
    /// </summary>
    private async Task<bool> ClaimAsync(ViewerPage page, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = Volatile.Read(ref _page);
            if (current is null || current.Socket.State != WebSocketState.Open)
            {
                if (Interlocked.CompareExchange(ref _page, page, current) == current) return true;
                continue;
            }

            // The old page's close may be on its way (a reload): look again shortly before refusing.
            if (attempt >= 3) return false;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefuseAsync(ViewerPage page, CancellationToken cancellationToken)
    {
        const string message = "Another page is viewing this session (one viewer at a time, as one device per session); close it and reload.";
        _log("A second page was refused.");
        await page.SendTextAsync(Json(new JsonObject { ["t"] = "refused", ["reason"] = ViewerWire.OtherViewerConnected, ["message"] = message }), cancellationToken).ConfigureAwait(false);
        await page.Socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, ViewerWire.OtherViewerConnected, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(ViewerPage page, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var socket = page.Socket;
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                result = await socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct).ConfigureAwait(false);
                return;
            }

            if (result.MessageType != WebSocketMessageType.Text || length > 1 << 20) continue;
            await HandleAsync(page, buffer.AsMemory(0, length), ct).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(ViewerPage page, ReadOnlyMemory<byte> json, CancellationToken ct)
    {
        if (!ViewerMessage.TryParse(json.Span, out var message)) return;
        switch (message.Kind)
        {
            case ViewerMessageKind.Hello:
                await HelloAsync(page, message.H264, ct).ConfigureAwait(false);
                break;
            case ViewerMessageKind.Pose:
                SubmitPose(in message);
                break;
            case ViewerMessageKind.Painted:
                page.OnPainted();
                Record(message.GlassToGlass, message.Decode);
                break;
            case ViewerMessageKind.Keyframe:
                RequestKeyframe();
                break;
            case ViewerMessageKind.Load when message.Url?.Trim() is { Length: > 0 } url:
                _ = LoadAsync(page, url, ct);
                break;
        }
    }

    private async Task HelloAsync(ViewerPage page, bool pageDecodesH264, CancellationToken ct)
    {
        var codec = _options.Codec;
        _note = null;
        if (codec == FrameCodec.H264 && !pageDecodesH264)
        {
            codec = FrameCodec.Jpeg;
            _note = "This browser cannot decode H.264 with WebCodecs here; the stream falls back to JPEG.";
        }

        RenderingConnection connection;
        try
        {
            connection = await EnsureConnectedAsync(codec, ct).ConfigureAwait(false);
        }
        catch (RemoteRenderingException ex)
        {
            await page.SendTextAsync(Json(new JsonObject { ["t"] = "ended", ["reason"] = ex.ErrorCode, ["message"] = ex.Message }), ct).ConfigureAwait(false);
            _ended.TrySetResult(ex.ErrorCode);
            return;
        }

        page.Restart();
        await page.SendTextAsync(Json(new JsonObject
        {
            ["t"] = "welcome",
            ["session"] = _session.SessionUuid,
            ["codec"] = connection.EffectiveOptions.Codec == FrameCodec.H264 ? "h264" : "jpeg",
            ["width"] = connection.EffectiveOptions.Width,
            ["height"] = connection.EffectiveOptions.Height,
            ["poseRate"] = _options.PoseRate,
            ["device"] = connection.HostDeviceName,
            ["encoder"] = connection.Encoder,
            ["note"] = _note,
        }), ct).ConfigureAwait(false);
        RequestKeyframe(force: true);
        if (_loaded is not null)
        {
            await page.SendTextAsync(Json(_loaded.DeepClone()), ct).ConfigureAwait(false);
        }
        else if (_modelUrl is null && _options.InitialModel is { Length: > 0 } initial)
        {
            _ = LoadAsync(page, initial, ct);
        }
    }

    /// <summary>Connects with <paramref name="codec"/>, reusing the current connection when it already streams it.</summary>
    public async Task<RenderingConnection> EnsureConnectedAsync(FrameCodec codec, CancellationToken ct)
    {
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_connection is { Status: ConnectionStatus.Connected } current && current.EffectiveOptions.Codec == codec) return current;
            await CloseConnectionAsync().ConfigureAwait(false);
            var connection = await _session.ConnectAsync(new RendererInitOptions
            {
                Codec = codec,
                Width = _options.Width,
                Height = _options.Height,
                MaxFrameRate = _options.PoseRate,
                JpegQuality = _options.JpegQuality,
                FrameBufferCapacity = 2,
            }, ct).ConfigureAwait(false);
            _connection = connection;
            _log($"Connected to the session's host: {connection.HostDeviceName}, {connection.EffectiveOptions.Codec} ({connection.Encoder}) {_options.Width}x{_options.Height}.");
            _pumpCts = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
            _pump = PumpAsync(connection, _pumpCts.Token);
            if (_modelUrl is { } url)
            {
                // The host discarded the scene with the old connection: load the model again.
                _loaded = LoadedMessage(url, await connection.LoadModelAsync(new LoadModelOptions { Url = url }, null, ct).ConfigureAwait(false));
            }

            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Loads <paramref name="url"/> before any page is there (the one the first page sees).</summary>
    public async Task<LoadModelResult> PreloadAsync(string url, IProgress<float>? progress, CancellationToken ct)
    {
        var connection = _connection ?? throw new InvalidOperationException("Connect first.");
        var result = await connection.LoadModelAsync(new LoadModelOptions { Url = url }, progress, ct).ConfigureAwait(false);
        _modelUrl = url;
        _loaded = LoadedMessage(url, result);
        return result;
    }

    private async Task PumpAsync(RenderingConnection connection, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var frame in connection.ReadFramesAsync(ct).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _page) is not { } current) continue;
                current.Offer(frame);
                lock (_glassToGlass)
                {
                    if (_receive.Count < 1_000_000) _receive.Add(frame.PoseToReceiveLatency.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        if (ct.IsCancellationRequested || connection.DisconnectReason is null or ConnectionStatusReasons.Disconnected) return;
        var reason = connection.DisconnectReason;
        _log($"The host ended the connection: {reason} {connection.DisconnectMessage}");
        if (Volatile.Read(ref _page) is { } page)
        {
            try
            {
                await page.SendTextAsync(Json(new JsonObject { ["t"] = "ended", ["reason"] = reason, ["message"] = connection.DisconnectMessage }), CancellationToken.None).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
            }
        }

        _ended.TrySetResult(reason);
    }

    private void SubmitPose(in ViewerMessage pose)
    {
        var connection = _connection;
        if (connection is not { Status: ConnectionStatus.Connected }) return;
        if (!pose.HasEye || !pose.HasTarget || Vector3.DistanceSquared(pose.Eye, pose.Target) < 1e-12f) return;
        var fov = pose.Fov is > 1 and < 179 ? pose.Fov : 60f;
        var distance = Vector3.Distance(pose.Eye, pose.Target);
        var view = CameraView.LookAt(pose.Eye, pose.Target, fov, Math.Max(distance / 1000f, 0.001f), Math.Max(distance * 100f, 10f));
        try
        {
            var id = connection.SubmitPose(view.Position, view.Orientation, view.VerticalFovDegrees, view.Near, view.Far);
            _poses.Add(id, pose.Sequence);
        }
        catch (RemoteRenderingException)
        {
            // The connection just ended: the pump tells the page.
        }
    }

    private async Task LoadAsync(ViewerPage page, string url, CancellationToken ct)
    {
        try
        {
            var connection = _connection ?? throw new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, "Not connected to the session.");
            await page.SendTextAsync(Json(new JsonObject { ["t"] = "loading", ["url"] = url, ["fraction"] = 0 }), ct).ConfigureAwait(false);
            var result = await connection.LoadModelAsync(new LoadModelOptions { Url = url }, new Progress<float>(fraction =>
                _ = page.SendTextAsync(Json(new JsonObject { ["t"] = "loading", ["url"] = url, ["fraction"] = fraction }), ct)), ct).ConfigureAwait(false);
            _modelUrl = url;
            _loaded = LoadedMessage(url, result);
            _log($"Loaded {url}: {result.PrimitiveCount:N0} triangles.");
            await page.SendTextAsync(Json(_loaded.DeepClone()), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RemoteRenderingException or WebSocketException)
        {
            _log($"Loading {url} failed: {ex.Message}");
            try
            {
                await page.SendTextAsync(Json(new JsonObject { ["t"] = "error", ["message"] = $"Loading {url} failed: {ex.Message}" }), ct).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static JsonObject LoadedMessage(string url, LoadModelResult result) => new()
    {
        ["t"] = "loaded",
        ["url"] = url,
        ["triangles"] = result.PrimitiveCount,
        ["min"] = new JsonArray(result.BoundsMin.X, result.BoundsMin.Y, result.BoundsMin.Z),
        ["max"] = new JsonArray(result.BoundsMax.X, result.BoundsMax.Y, result.BoundsMax.Z),
    };

    private void Record(double glass, double decode)
    {
        if (glass is not (>= 0 and <= 60_000)) return;
        lock (_glassToGlass)
        {
            if (_glassToGlass.Count >= 1_000_000) return;
            _glassToGlass.Add(glass);
            if (double.IsFinite(decode)) _decode.Add(decode);
        }
    }

    private void RequestKeyframe() => RequestKeyframe(force: false);

    private void RequestKeyframe(bool force)
    {
        var now = Environment.TickCount64;
        if (!force && now - Interlocked.Read(ref _lastKeyframeRequest) < 250) return;
        Interlocked.Exchange(ref _lastKeyframeRequest, now);
        _connection?.RequestKeyframe();
    }

    private double[] Copy(List<double> source)
    {
        lock (_glassToGlass)
        {
            return [.. source];
        }
    }

    private static string Json(JsonNode node) => node.ToJsonString(s_compact);

    private async Task CloseConnectionAsync()
    {
        if (_pumpCts is not null) await _pumpCts.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _pumpCts?.Dispose();
        _pumpCts = null;
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
        _loaded = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }

        _disposed.Dispose();
    }
}
