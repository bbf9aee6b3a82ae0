using ArrHost.Rpc.Server.Tests.Echo;
using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Rpc.Server.Tests;

public sealed class ServerCallInterceptorTests
{
    /// <summary>Refuses calls without "authorization: Bearer ok" and maps InvalidOperationException to FAILED_PRECONDITION.</summary>
    private sealed class TestInterceptor : ServerCallInterceptor
    {
        protected override ValueTask OnCallStartingAsync(ServerCallContext context) =>
            context.RequestHeaders.GetValue("authorization") == "Bearer ok"
                ? ValueTask.CompletedTask
                : throw new UnauthorizedAccessException("missing token");

        /// <summary>Every exception the interceptor was asked to map.</summary>
        public ConcurrentQueue<Exception> Seen { get; } = new();

        protected override RpcException? MapException(Exception exception, ServerCallContext context)
        {
            Seen.Enqueue(exception);
            return Map(exception);
        }

        private static RpcException? Map(Exception exception) => exception switch
        {
            UnauthorizedAccessException e => new RpcException(new Status(StatusCode.Unauthenticated, e.Message)),
            InvalidOperationException e => new RpcException(new Status(StatusCode.FailedPrecondition, "mapped: " + e.Message)),
            _ => null,
        };
    }

    /// <summary>Outside the interceptor under test: tells when a duplex call has left it, whatever the outcome.</summary>
    private sealed class CallEndRecorder : Interceptor
    {
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
            IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            try
            {
                await continuation(requestStream, responseStream, context);
            }
            finally
            {
                Ended.TrySetResult();
            }
        }
    }

    private static Task<TestServer> StartWithInterceptorAsync() => TestServer.StartAsync(
        o =>
        {
            o.Interceptors.Add<CallEndRecorder>();
            o.Interceptors.Add<TestInterceptor>();
        },
        s => s.AddSingleton<TestInterceptor>().AddSingleton<CallEndRecorder>());

    private static CallOptions Authorized() =>
        new(new Metadata { { "authorization", "Bearer ok" } }, DateTime.UtcNow.AddSeconds(20));

    private static readonly EchoRequest s_boom = new() { FailCode = EchoServiceImpl.PlainExceptionCode };

    [Fact]
    public async Task Unary_PlainExceptionWithoutInterceptor_UnknownWithoutTheMessage()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(s_boom, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20))).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("boom", ex.Status.Detail);
    }

    [Fact]
    public async Task AllFourKinds_HandlerThrows_MappedStatus()
    {
        await using var server = await StartWithInterceptorAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var unary = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(s_boom, Authorized()).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "mapped: boom"), (unary.StatusCode, unary.Status.Detail));

        using (var call = client.ClientStream(Authorized()))
        {
            await call.RequestStream.WriteAsync(s_boom);
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        }

        using (var call = client.Duplex(Authorized()))
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
            Assert.True(await call.ResponseStream.MoveNext());
            await call.RequestStream.WriteAsync(s_boom);
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
            Assert.Equal((StatusCode.FailedPrecondition, "mapped: boom"), (ex.StatusCode, ex.Status.Detail));
        }

        // An RpcException the handler chose itself passes unchanged.
        using (var call = client.ServerStream(new EchoRequest { Count = 1, FailCode = (int)StatusCode.Aborted, FailMessage = "stop" }, Authorized()))
        {
            Assert.True(await call.ResponseStream.MoveNext());
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
            Assert.Equal((StatusCode.Aborted, "stop"), (ex.StatusCode, ex.Status.Detail));
        }
    }

    [Fact]
    public async Task OnCallStarting_Refuses_HandlerNeverRunsAndStatusIsMapped()
    {
        await using var server = await StartWithInterceptorAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync(new EchoRequest { Text = "x" }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20))).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, "missing token"), (ex.StatusCode, ex.Status.Detail));
        Assert.Empty(server.Probe.Connections);

        using (var call = client.Duplex(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20))))
        {
            var streamEx = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.Unauthenticated, streamEx.StatusCode);
        }

        Assert.Equal("x", (await client.UnaryAsync(new EchoRequest { Text = "x" }, Authorized())).Text);
        Assert.Single(server.Probe.Connections);
    }

    [Fact]
    public async Task Duplex_ClientResetsTheStream_NotMappedAsAFailure()
    {
        // grpcurl ends every reflection call this way; the hosts logged each one as a failed request with a stack trace.
        await using var server = await StartWithInterceptorAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;
        using var cts = new CancellationTokenSource();

        using (var call = client.Duplex(new CallOptions(new Metadata { { "authorization", "Bearer ok" } }, cancellationToken: cts.Token)))
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
            Assert.True(await call.ResponseStream.MoveNext());
            await cts.CancelAsync();
        }

        await server.Services.GetRequiredService<CallEndRecorder>().Ended.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("cancelled", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Empty(server.Services.GetRequiredService<TestInterceptor>().Seen);
    }
}
