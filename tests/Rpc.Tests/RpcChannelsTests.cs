using ArrHost.Rpc.Server.Tests;
using ArrHost.Rpc.Server.Tests.Echo;
using Google.Protobuf;
using Grpc.Core;

namespace ArrHost.Rpc.Tests;

public sealed class RpcChannelsTests
{
    /// <summary>Counts the requests that pass through it.</summary>
    private sealed class CountingHandler() : DelegatingHandler(RpcChannels.CreateHandler())
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static CallOptions Bounded() => new(deadline: DateTime.UtcNow.AddSeconds(20));

    [Fact]
    public void ForAddress_OtherScheme_ThrowsNamingTheAddress()
    {
        var ex = Assert.Throws<ArgumentException>(() => RpcChannels.ForAddress("ftp://127.0.0.1:1"));
        Assert.Contains("ftp://127.0.0.1:1", ex.Message);
    }

    [Fact]
    public async Task ForAddress_Default_CarriesMessagesLargerThanGrpcDefaultLimit()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = RpcChannels.LargeMessageSize);
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        // A raw 1080p RGBA frame: twice grpc-dotnet's 4 MiB default, both ways.
        var frame = ByteString.CopyFrom(new byte[1920 * 1080 * 4]);
        using var call = client.Duplex(Bounded());
        await call.RequestStream.WriteAsync(new EchoRequest { Payload = frame });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(frame.Length, call.ResponseStream.Current.Payload.Length);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task ForAddress_Configure_UsersHandlerAndLimitsApply()
    {
        await using var server = await TestServer.StartAsync();
        var handler = new CountingHandler();
        var client = server.CreateClient(out var channel, o =>
        {
            o.HttpHandler = handler;
            o.MaxReceiveMessageSize = 1000;
        });
        using var _ = channel;

        Assert.Equal("hi", (await client.UnaryAsync(new EchoRequest { Text = "hi" }, Bounded())).Text);
        Assert.Equal(1, handler.Requests);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2000]) }, Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}
