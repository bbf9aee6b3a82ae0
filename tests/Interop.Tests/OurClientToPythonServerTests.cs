using ArrHost.Rpc;
using ArrHost.Rpc.Server.Tests.Echo;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ArrHost.Interop.Tests;

/// <summary>Our client (grpc-dotnet over the project's channel set-up) -> python3-grpcio server.</summary>
public sealed class OurClientToPythonServerTests
{
    /// <summary>The request header that makes grpc-dotnet compress a call's request messages.</summary>
    private const string RequestEncodingHeader = "grpc-internal-encoding-request";

    private static async Task<(PythonPeer Peer, GrpcChannel Channel, EchoService.EchoServiceClient Client)> StartAsync(bool gzip = false)
    {
        var peer = PythonPeer.Start(gzip ? new[] { "server", "--gzip" } : new[] { "server" });
        var port = await peer.WaitForLineAsync("PORT ", TimeSpan.FromSeconds(20));
        var channel = RpcChannels.ForAddress($"http://127.0.0.1:{port}");
        return (peer, channel, new EchoService.EchoServiceClient(channel));
    }

    private static CallOptions Bounded(Metadata? headers = null) => new(headers, deadline: DateTime.UtcNow.AddSeconds(20));

    [Fact]
    public async Task PythonServer_AllFourCallKinds_Succeed()
    {
        var (peer, channel, client) = await StartAsync();
        await using var _ = peer;
        using var __ = channel;

        Assert.Equal("hi", (await client.UnaryAsync(new EchoRequest { Text = "hi" }, Bounded())).Text);

        using (var call = client.ServerStream(new EchoRequest { Count = 4 }, Bounded()))
        {
            var got = new List<int>();
            await foreach (var r in call.ResponseStream.ReadAllAsync())
            {
                got.Add(r.Index);
            }
            Assert.Equal(new[] { 0, 1, 2, 3 }, got);
        }

        using (var call = client.ClientStream(Bounded()))
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "b" });
            await call.RequestStream.CompleteAsync();
            var reply = await call;
            Assert.Equal(("ab", 2), (reply.Text, reply.Index));
        }

        using (var call = client.Duplex(Bounded()))
        {
            for (var i = 0; i < 10; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Text = "p" + i });
                Assert.True(await call.ResponseStream.MoveNext());
                Assert.Equal("p" + i, call.ResponseStream.Current.Text);
            }
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        }
    }

    [Fact]
    public async Task PythonServer_Errors_StatusDetailAndTrailers()
    {
        var (peer, channel, client) = await StartAsync();
        await using var _ = peer;
        using var __ = channel;

        const string detail = "kaputt: 100% – ünïcødé";
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { FailCode = 5, FailMessage = detail }, Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
        Assert.Equal("from-trailers", ex.Trailers.GetValue("x-fail-detail"));

        using var call = client.ServerStream(new EchoRequest { Count = 2, FailCode = 10, FailMessage = "stop" }, Bounded());
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Aborted, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext())).StatusCode);
    }

    [Fact]
    public async Task PythonServer_UnknownMethod_Unimplemented()
    {
        var (peer, channel, _) = await StartAsync();
        await using var __ = peer;
        using var ___ = channel;
        var client = new Unknown.EchoService.EchoServiceClient(channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.NopeAsync(new Unknown.NopeRequest(), Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task PythonServer_Deadline_DeadlineExceededAndServerSeesIt()
    {
        var (peer, channel, client) = await StartAsync();
        await using var _ = peer;
        using var __ = channel;

        // A fresh python process can spend a short deadline before the handler runs (then it never starts);
        // one plain call first makes sure the timed call reaches the handler.
        await client.UnaryAsync(new EchoRequest { Text = "warm-up" }, Bounded());

        // The work is 10 s, far beyond the 2 s deadline.
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { DelayMs = 10_000 }, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(2000))).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        // Both ends time the deadline; whichever fires first, the python handler sees its call end.
        Assert.Contains(await peer.WaitForLineAsync("SERVER-SAW ", TimeSpan.FromSeconds(20)), new[] { "Unary deadline", "Unary cancelled" });
    }

    [Fact]
    public async Task PythonServer_ClientCancels_ServerSeesCancellation()
    {
        var (peer, channel, client) = await StartAsync();
        await using var _ = peer;
        using var __ = channel;

        using var cts = new CancellationTokenSource();
        using var call = client.Duplex(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(new EchoRequest { DelayMs = 10_000 });
        // Cancel only once the python handler has taken the second message and waits on it.
        Assert.Equal("Duplex", await peer.WaitForLineAsync("SERVER-WAITING ", TimeSpan.FromSeconds(20)));
        cts.Cancel();
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext())).StatusCode);
        Assert.Equal("Duplex cancelled", await peer.WaitForLineAsync("SERVER-SAW ", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task PythonServer_Metadata_StringAndBinaryEchoed()
    {
        var (peer, channel, client) = await StartAsync();
        await using var _ = peer;
        using var __ = channel;

        var blob = new byte[] { 0, 1, 250, 255 };
        using var call = client.UnaryAsync(new EchoRequest { Text = "m" }, new CallOptions(new Metadata { { "x-text", "value 1" }, { "x-blob-bin", blob } }, DateTime.UtcNow.AddSeconds(20)));
        await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("value 1", headers.GetValue("x-text"));
        Assert.Equal(blob, headers.GetValueBytes("x-blob-bin"));
        Assert.Equal(blob, call.GetTrailers().GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task PythonServer_GzipBothWays_RoundTrips()
    {
        var (peer, channel, client) = await StartAsync(gzip: true);
        var gzip = new Metadata { { RequestEncodingHeader, "gzip" } };
        await using var _ = peer;
        using var __ = channel;

        var payload = ByteString.CopyFrom(new byte[100_000]);
        Assert.Equal(payload, (await client.UnaryAsync(new EchoRequest { Payload = payload }, Bounded(gzip))).Payload);
        using var call = client.Duplex(Bounded(gzip));
        await call.RequestStream.WriteAsync(new EchoRequest { Payload = payload });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(payload, call.ResponseStream.Current.Payload);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }
}
