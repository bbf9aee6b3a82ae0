using ArrHost.Rpc.Tests.Echo;

namespace ArrHost.Rpc.Tests;

public sealed class StatusTests
{
    [Fact]
    public async Task Unary_HandlerThrowsRpcException_ClientGetsStatusDetailAndTrailers()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "no such model" }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("no such model", ex.Status.Detail);
        Assert.Equal("from-trailers", ex.Trailers.GetValue("x-fail-detail"));
    }

    [Fact]
    public async Task Unary_NonAsciiDetail_PercentEncodedAndDecoded()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        const string detail = "Fehler: 100% kaputt – ünïcødé\nzweite Zeile";
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = detail }));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
    }

    [Fact]
    public async Task ServerStream_FailsAfterMessages_MessagesThenStatusFromTrailers()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        using var call = client.ServerStream(new EchoRequest { Count = 2, FailCode = (int)StatusCode.Aborted, FailMessage = "stop" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal(StatusCode.Aborted, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_HandlerThrowsPlainException_UnknownOrMapped()
    {
        await using (var server = await TestServer.StartAsync())
        {
            var client = server.CreateClient(out var channel);
            using var _ = channel;
            var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { FailCode = EchoServiceImpl.PlainExceptionCode }));
            Assert.Equal(StatusCode.Unknown, ex.StatusCode);
            Assert.DoesNotContain("boom", ex.Status.Detail);
        }
        await using (var server = await TestServer.StartAsync(o =>
            o.ExceptionMapper = e => e is not InvalidOperationException ? null : new Status(StatusCode.FailedPrecondition, "mapped")))
        {
            var client = server.CreateClient(out var channel);
            using var _ = channel;
            var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { FailCode = EchoServiceImpl.PlainExceptionCode }));
            Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
            Assert.Equal("mapped", ex.Status.Detail);
        }
    }

    [Fact]
    public async Task Interceptor_ThrowsUnauthenticated_CallEndsWithThatStatus()
    {
        await using var server = await TestServer.StartAsync(o => o.Interceptors.Add(new RequireTokenInterceptor()));
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Text = "x" }));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);

        var reply = await client.UnaryAsync(new EchoRequest { Text = "x" }, new CallOptions(new Metadata { { "authorization", "Bearer ok" } }));
        Assert.Equal("x", reply.Text);
    }

    private sealed class RequireTokenInterceptor : IServerCallInterceptor
    {
        public ValueTask OnCallStartingAsync(ServerCallContext context) =>
            context.RequestHeaders.GetValue("authorization") == "Bearer ok"
                ? ValueTask.CompletedTask
                : throw new RpcException(new Status(StatusCode.Unauthenticated, "missing token"));
    }
}
