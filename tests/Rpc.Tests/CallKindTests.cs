using ArrHost.Rpc.Tests.Echo;
using Google.Protobuf;

namespace ArrHost.Rpc.Tests;

public sealed class CallKindTests
{
    [Fact]
    public async Task Unary_Echo_ReturnsReplyAndOkStatus()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var reply = await client.UnaryAsync(new EchoRequest { Text = "hello", Payload = ByteString.CopyFrom(1, 2, 3) });
        Assert.Equal("hello", reply.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Payload.ToByteArray());

        using var call = client.Unary(new EchoRequest { Text = "again" });
        Assert.Equal("again", (await call.ResponseAsync).Text);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStream_CountRequested_ReceivesAllThenOk()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ServerStream(new EchoRequest { Text = "s", Count = 5 });
        var indexes = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(reply.Index);
        }
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStream_ThreeMessages_ReplyCountsThem()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ClientStream();
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text });
        }
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.Equal("abc", reply.Text);
        Assert.Equal(3, reply.Index);
    }

    [Fact]
    public async Task ClientStream_NoMessages_ReplyCountsZero()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ClientStream();
        await call.RequestStream.CompleteAsync();
        Assert.Equal(0, (await call.ResponseAsync).Index);
    }

    [Fact]
    public async Task Duplex_PingPong_EachRequestAnsweredInOrder()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.Duplex();
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "p" + i });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal("p" + i, call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_LargeMessages_EchoedIntact()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var payload = new byte[1024 * 1024];
        new Random(7).NextBytes(payload);
        using var call = client.Duplex();
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(payload) });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.True(call.ResponseStream.Current.Payload.Span.SequenceEqual(payload));
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task Channel_ManyConcurrentCalls_AllSucceedOnOneConnection()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        // The first call learns the server's stream limit (SETTINGS); before that the client assumes 100 and may open more.
        await client.UnaryAsync(new EchoRequest { Text = "first" });
        var calls = Enumerable.Range(0, 200).Select(i => client.UnaryAsync(new EchoRequest { Text = i.ToString() })).ToArray();
        var replies = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString()), replies.Select(r => r.Text));
        for (var i = 0; i < 20; i++)
        {
            await client.UnaryAsync(new EchoRequest { Text = "sequential" });
        }
        // Kestrel allows 1000 streams per connection with ListenRpc: every call shares one HTTP/2 connection.
        var peer = Assert.Single(server.Probe.Connections).Value;
        Assert.StartsWith("ipv4:127.0.0.1:", peer);
    }

    [Fact]
    public async Task Duplex_MessagesLargerThanKestrelDefaultWindow_EchoedWithDefaultLimits()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = 8 * 1024 * 1024, defaultKestrelLimits: true);
        var client = server.CreateClient(out var channel, new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        using var _ = channel;

        var payload = ByteString.CopyFrom(new byte[3 * 1024 * 1024]);
        using var call = client.Duplex(new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(30)));
        for (var i = 0; i < 2; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = payload });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(payload.Length, call.ResponseStream.Current.Payload.Length);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }
}
