using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ArrHost.Bench.Matrix;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class NetworkProxyTests
{
    [Fact]
    public async Task RoundTrip_DelayedProfile_TakesAtLeastTwiceTheDelay()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var echo = new EchoServer();
        await using var proxy = new NetworkProxy(echo.EndPoint, NetworkProfile.Parse("custom:delay=30,jitter=5"));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.LocalEndPoint, cts.Token);
        var stream = client.GetStream();
        var buffer = new byte[4];

        var sw = Stopwatch.StartNew();
        await stream.WriteAsync(new byte[] { 1, 2, 3, 4 }, cts.Token);
        await stream.ReadExactlyAsync(buffer, cts.Token);
        sw.Stop();

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer);
        Assert.InRange(sw.Elapsed.TotalMilliseconds, 50, 5_000); // 2 x (30 - 5) ms at least
        Assert.Equal(4, proxy.BytesUp);
    }

    [Fact]
    public async Task Transfer_BandwidthLimit_TakesTheSerialisationTime()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var echo = new EchoServer();
        // 4 Mbit/s each way: 100 KB take 200 ms up, and the echo again down (pipelined).
        await using var proxy = new NetworkProxy(echo.EndPoint, NetworkProfile.Parse("custom:delay=0,bandwidth=4M"));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.LocalEndPoint, cts.Token);
        var stream = client.GetStream();
        var payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        var back = new byte[payload.Length];

        var sw = Stopwatch.StartNew();
        var read = stream.ReadExactlyAsync(back, cts.Token).AsTask();
        await stream.WriteAsync(payload, cts.Token);
        await read;
        sw.Stop();

        Assert.Equal(payload, back);
        Assert.InRange(sw.Elapsed.TotalMilliseconds, 180, 10_000);
    }

    [Fact]
    public async Task NoConditions_Passthrough_Fast()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var echo = new EchoServer();
        await using var proxy = new NetworkProxy(echo.EndPoint, NetworkProfile.Parse("custom:delay=0"));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.LocalEndPoint, cts.Token);
        var stream = client.GetStream();
        var back = new byte[3];
        await stream.WriteAsync(new byte[] { 9, 8, 7 }, cts.Token);
        await stream.ReadExactlyAsync(back, cts.Token);
        Assert.Equal(new byte[] { 9, 8, 7 }, back);
    }

    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public EchoServer()
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var c = await _listener.AcceptTcpClientAsync(_stop.Token);
                        _ = Task.Run(async () =>
                        {
                            using (c)
                            {
                                var s = c.GetStream();
                                var buf = new byte[8192];
                                try
                                {
                                    int n;
                                    while ((n = await s.ReadAsync(buf, _stop.Token)) > 0) await s.WriteAsync(buf.AsMemory(0, n), _stop.Token);
                                }
                                catch (Exception e) when (e is IOException or OperationCanceledException)
                                {
                                }
                            }
                        });
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
