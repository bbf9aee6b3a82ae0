using System.Collections.Concurrent;
using System.Numerics;
using ArrHost.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>A user's own HTTP handler and interceptors reach every call the SDK makes, to the control plane and the render host.</summary>
public sealed class ChannelOptionsTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    private sealed class CountingHandler() : DelegatingHandler(RpcChannels.CreateHandler())
    {
        public ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Records every method and adds a header, as a tracing interceptor would.</summary>
    private sealed class TagInterceptor : Interceptor
    {
        public ConcurrentQueue<string> Methods { get; } = new();

        private ClientInterceptorContext<TRequest, TResponse> Tag<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class
        {
            Methods.Enqueue(context.Method.FullName);
            var headers = context.Options.Headers ?? new Metadata();
            headers.Add("x-trace", "t1");
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
            AsyncUnaryCallContinuation<TRequest, TResponse> continuation) => continuation(request, Tag(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Tag(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(Tag(context));
    }

    [Fact]
    public async Task ConfigureChannelAndInterceptors_SessionAndRenderCalls_AllPassThroughThem()
    {
        await using var server = await WireServer.StartAsync();
        var handler = new CountingHandler();
        var interceptor = new TagInterceptor();
        var options = server.CreateOptions();
        options.ConfigureChannel = o => o.HttpHandler = handler;
        options.Interceptors.Add(interceptor);
        using var client = new RemoteRenderingClient(options);

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "hooks", MaxLeaseInMinutes = 10 }).WaitAsync(s_limit);
        await session.WaitForReadyAsync().WaitAsync(s_limit);
        await using (var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 16, Height = 16 }).WaitAsync(s_limit))
        {
            var pose = connection.SubmitPose(new Vector3(0, 0, 5), Quaternion.Identity);
            using var cts = new CancellationTokenSource(s_limit);
            await foreach (var f in connection.ReadFramesAsync(cts.Token))
            {
                if (f.PoseId == pose) break;
            }
        }

        string[] expected = ["/arr.v1.Sessions/GetAccessToken", "/arr.v1.Sessions/CreateSession", "/arr.v1.Render/Connect"];
        foreach (var method in expected)
        {
            Assert.Contains(method, interceptor.Methods);
            Assert.Contains(method, handler.Paths);
        }
        Assert.All(server.State.TraceHeaders, h => Assert.Equal("t1", h));
        Assert.NotEmpty(server.State.TraceHeaders);
    }

    [Fact]
    public async Task ConfigureChannel_TinyReceiveLimit_FrameRefusedWithClearError()
    {
        await using var server = await WireServer.StartAsync();
        var options = server.CreateOptions();
        options.ConfigureChannel = o => o.MaxReceiveMessageSize = 64;
        using var client = new RemoteRenderingClient(options);

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "tiny", MaxLeaseInMinutes = 10 }).WaitAsync(s_limit);
        Assert.Equal("tiny", session.SessionUuid);
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await session.WaitForReadyAsync().WaitAsync(s_limit);
            await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 64, Height = 64 }).WaitAsync(s_limit);
            connection.SubmitPose(new Vector3(0, 0, 5), Quaternion.Identity);
            using var cts = new CancellationTokenSource(s_limit);
            await foreach (var _ in connection.ReadFramesAsync(cts.Token))
            {
            }
        });
        Assert.Contains("exceeds the maximum configured message size", Assert.IsType<RemoteRenderingException>(ex).Message);
    }
}
