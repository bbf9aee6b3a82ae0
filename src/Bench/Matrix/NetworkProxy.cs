using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// A loopback TCP proxy in front of one render host that imposes a <see cref="NetworkProfile"/>
/// on each direction: every chunk read is released to the other side after the delay plus a
/// uniform jitter (never before the previous chunk: TCP keeps order) and no faster than the
/// bandwidth allows (a serialisation queue). The render stream is h2c over TCP, so the proxy
/// needs no knowledge of HTTP/2.
/// </summary>
internal sealed class NetworkProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly NetworkProfile _profile;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Lock _gate = new();
    private readonly Task _accept;

    public NetworkProxy(IPEndPoint target, NetworkProfile profile)
    {
        _target = target;
        _profile = profile;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accept = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Bytes forwarded host -> client.</summary>
    public long BytesDown => Interlocked.Read(ref _bytesDown);

    /// <summary>Bytes forwarded client -> host.</summary>
    public long BytesUp => Interlocked.Read(ref _bytesUp);

    private long _bytesDown;
    private long _bytesUp;

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                client.NoDelay = true;
                var server = new TcpClient { NoDelay = true };
                try
                {
                    await server.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                lock (_gate)
                {
                    _pumps.Add(PumpAsync(client, server, up: true));
                    _pumps.Add(PumpAsync(server, client, up: false));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Reads from <paramref name="from"/>, schedules each chunk's release time, writes to <paramref name="to"/> when due.</summary>
    private async Task PumpAsync(TcpClient from, TcpClient to, bool up)
    {
        var queue = Channel.CreateUnbounded<(byte[] Data, int Length, long DueTicks)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = WriteDueAsync(queue.Reader, to, up);
        var random = new Random(up ? 1 : 2);
        var freq = Stopwatch.Frequency;
        long lastDue = 0, linkFree = 0;
        try
        {
            var source = from.GetStream();
            while (true)
            {
                var buffer = new byte[ChunkSize];
                var n = await source.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0) break;
                var now = Stopwatch.GetTimestamp();
                // Serialisation on the bottleneck link, then propagation delay with jitter.
                var start = Math.Max(now, linkFree);
                var serialise = _profile.BandwidthBitsPerSecond > 0 ? (long)(n * 8.0 / _profile.BandwidthBitsPerSecond * freq) : 0;
                linkFree = start + serialise;
                var jitter = _profile.JitterMs > 0 ? (random.NextDouble() * 2 - 1) * _profile.JitterMs : 0;
                var due = linkFree + (long)((_profile.DelayMs + jitter) / 1000.0 * freq);
                due = Math.Max(due, lastDue); // in order, like TCP
                lastDue = due;
                queue.Writer.TryWrite((buffer, n, due));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
        from.Dispose();
    }

    private async Task WriteDueAsync(ChannelReader<(byte[] Data, int Length, long DueTicks)> queue, TcpClient to, bool up)
    {
        try
        {
            var sink = to.GetStream();
            await foreach (var (data, length, due) in queue.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await WaitUntilAsync(due, _stop.Token).ConfigureAwait(false);
                await sink.WriteAsync(data.AsMemory(0, length), _stop.Token).ConfigureAwait(false);
                if (up) Interlocked.Add(ref _bytesUp, length);
                else Interlocked.Add(ref _bytesDown, length);
            }

            to.Client?.Shutdown(SocketShutdown.Send); // null once the other direction closed it
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            to.Dispose();
        }
    }

    /// <summary>Sleeps to within ~1.5 ms of <paramref name="dueTicks"/>, then yields until it passes (timer resolution is ~1 ms).</summary>
    internal static async Task WaitUntilAsync(long dueTicks, CancellationToken ct)
    {
        while (true)
        {
            var left = (dueTicks - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (left <= 0) return;
            if (left > 2) await Task.Delay(TimeSpan.FromMilliseconds(left - 1.5), ct).ConfigureAwait(false);
            else await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accept.ConfigureAwait(false);
        Task[] pumps;
        lock (_gate) pumps = [.. _pumps];
        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stop.Dispose();
    }
}
