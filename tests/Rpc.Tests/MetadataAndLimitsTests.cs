using ArrHost.Rpc.Tests.Echo;
using Google.Protobuf;

namespace ArrHost.Rpc.Tests;

public sealed class MetadataAndLimitsTests
{
    [Fact]
    public async Task Unary_StringAndBinaryMetadata_EchoedInHeadersAndTrailers()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var binary = new byte[] { 0, 1, 2, 250, 255 };
        var headers = new Metadata { { "x-text", "value 1" }, { "x-blob-bin", binary } };
        using var call = client.Unary(new EchoRequest { Text = "m" }, new CallOptions(headers));
        await call.ResponseAsync;
        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Equal("value 1", responseHeaders.GetValue("x-text"));
        Assert.Equal(binary, responseHeaders.GetValueBytes("x-blob-bin"));
        var trailers = call.GetTrailers();
        Assert.Equal("value 1", trailers.GetValue("x-text"));
        Assert.Equal(binary, trailers.GetValueBytes("x-blob-bin"));
        Assert.True(trailers.Get("x-blob-bin")!.IsBinary);
    }

    [Fact]
    public void Metadata_KeysAndBinarySuffix_Validated()
    {
        var metadata = new Metadata { { "X-Upper", "v" } };
        Assert.Equal("x-upper", metadata[0].Key);
        Assert.Throws<ArgumentException>(() => metadata.Add("a-bin", "string"));
        Assert.Throws<ArgumentException>(() => metadata.Add("plain", new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "v"));
    }

    [Fact]
    public async Task Unary_RequestOverServerLimit_ResourceExhausted()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = 1024);
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[4096]) }));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Unary_ResponseOverClientLimit_ResourceExhausted()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[900]), Text = new string('t', 400) }));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_RequestOverClientSendLimit_ResourceExhaustedWithoutSending()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel, new GrpcChannelOptions { MaxSendMessageSize = 100 });
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) }));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Duplex_GzipBothWays_RoundTrips()
    {
        await using var server = await TestServer.StartAsync(o => o.EnableResponseCompression = true);
        var client = server.CreateClient(out var channel, new GrpcChannelOptions { CompressRequests = true });
        using var _ = channel;

        var payload = ByteString.CopyFrom(new byte[100_000]);
        using var call = client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "z", Payload = payload });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(payload, call.ResponseStream.Current.Payload);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public void Create_InterfaceMismatch_ThrowsNamingTheMethod()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");
        var ex = Assert.Throws<InvalidOperationException>(() => RpcClient.Create<IBadClient>(channel, EchoReflection.Descriptor.Services[0]));
        Assert.Contains("ServerStream", ex.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => RpcClient.Create<IUnknownClient>(channel, EchoReflection.Descriptor.Services[0]));
        Assert.Contains("Nope", missing.Message);
    }

    [Fact]
    public async Task Channel_NothingListening_Unavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = RpcClient.Create<IEchoClient>(channel, EchoReflection.Descriptor.Services[0]);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest()));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    public interface IBadClient
    {
        Task<EchoReply> ServerStream(EchoRequest request, CallOptions options = default);
    }

    public interface IUnknownClient
    {
        Task<EchoReply> Nope(EchoRequest request);
    }
}
