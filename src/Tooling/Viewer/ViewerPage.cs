using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ArrHost.Client;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// One connected page: the newest frame waits in a one-slot channel (an older unsent one is dropped,
/// never queued, so a slow page adds no latency), at most <see cref="ViewerWire.FramesInFlight"/> frames
/// are on their way before the page says it painted one, and a dropped H.264 frame makes the page skip
/// to the next keyframe, which is asked for. Sending a frame allocates nothing: the header buffer is
/// reused and the payload goes out as the SDK received it.
/// </summary>
public sealed class ViewerPage
{
    private readonly WebSocket _socket;
    private readonly Channel<RenderedFrame> _latest;
    private readonly SemaphoreSlim _inFlight = new(ViewerWire.FramesInFlight, ViewerWire.FramesInFlight);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[ViewerWire.HeaderSize];
    private readonly Action _requestKeyframe;
    private long _dropped;
    private long _sent;
    private volatile bool _needKeyframe = true;

    public ViewerPage(WebSocket socket, Action requestKeyframe)
    {
        _socket = socket;
        _requestKeyframe = requestKeyframe;
        _latest = Channel.CreateBounded<RenderedFrame>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            OnDropped);
    }

    public WebSocket Socket => _socket;

    /// <summary>Frames replaced by a newer one before they could be sent.</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames sent to the page.</summary>
    public long FramesSent => Interlocked.Read(ref _sent);

    /// <summary>Offers the newest frame; the one still waiting, if any, is dropped.</summary>
    public void Offer(RenderedFrame frame) => _latest.Writer.TryWrite(frame);

    /// <summary>The page painted (or gave up on) a frame: one more may be sent.</summary>
    public void OnPainted()
    {
        lock (_inFlight)
        {
            if (_inFlight.CurrentCount < ViewerWire.FramesInFlight) _inFlight.Release();
        }
    }

    /// <summary>After a (re)connection to the host: wait for a keyframe before sending H.264 again.</summary>
    public void Restart()
    {
        while (_latest.Reader.TryRead(out _))
        {
        }

        _needKeyframe = true;
    }

    public async Task SendTextAsync(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends frames until the page goes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="pageSequence">The page's pose sequence of the pose a frame echoes (0: unknown).</param>
    /// <param name="cancellationToken">Stops sending.</param>
    public async Task RunSenderAsync(Func<ulong, uint> pageSequence, CancellationToken cancellationToken)
    {
        var reader = _latest.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.TryRead(out var frame)) continue;
            if (frame.Codec == FrameCodec.H264 && _needKeyframe)
            {
                if (!frame.Keyframe)
                {
                    _requestKeyframe();
                    continue;
                }

                _needKeyframe = false;
            }

            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (frame.Codec != FrameCodec.H264 && reader.TryRead(out var newer))
            {
                // A newer picture arrived while the page was busy: the older one is stale.
                Interlocked.Increment(ref _dropped);
                frame = newer;
            }

            ViewerWire.WriteHeader(_header, frame, pageSequence(frame.PoseId));
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_socket.State != WebSocketState.Open) return;
                await _socket.SendAsync(_header.AsMemory(), WebSocketMessageType.Binary, false, cancellationToken).ConfigureAwait(false);
                await _socket.SendAsync(frame.Data, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }

    private void OnDropped(RenderedFrame frame)
    {
        Interlocked.Increment(ref _dropped);
        if (frame.Codec != FrameCodec.H264) return;
        _needKeyframe = true;
        _requestKeyframe();
    }
}
