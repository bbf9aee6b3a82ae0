using ArrHost.Rpc.Server.Tests.Echo;
using Grpc.Core;

namespace ArrHost.Rpc.Server.Tests;

/// <summary>The test server: echoes requests; metadata keys starting "x-" come back as headers and trailers.</summary>
public sealed class EchoServiceImpl : EchoService.EchoServiceBase
{
    /// <summary>fail_code that makes the handler throw a plain exception instead of an RpcException.</summary>
    public const int PlainExceptionCode = 99;

    /// <summary>text that makes the handler wait delay_ms without looking at its cancellation token.</summary>
    public const string IgnoreDeadlineText = "ignore-deadline";

    private readonly ServerProbe _probe;

    public EchoServiceImpl(ServerProbe probe)
    {
        _probe = probe;
    }

    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        _probe.Connections.TryAdd(context.GetHttpContext().Connection.Id, context.Peer);
        await EchoMetadataAsync(context);
        await ApplyAsync(request, context);
        return new EchoReply { Text = request.Text, Payload = request.Payload };
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var count = request.Count == 0 ? 1 : request.Count;
        try
        {
            for (var i = 0; i < count; i++)
            {
                await responseStream.WriteAsync(new EchoReply { Text = request.Text, Payload = request.Payload, Index = i });
                if (request.DelayMs > 0)
                {
                    await WaitAsync(request.DelayMs, context);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _probe.Cancelled.TrySetResult(DeadlineOrCancelled(context));
            throw;
        }
        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
        }
    }

    public override async Task<EchoReply> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var count = 0;
        var text = "";
        await foreach (var request in requestStream.ReadAllAsync())
        {
            count++;
            text += request.Text;
            await ApplyAsync(request, context);
        }
        return new EchoReply { Text = text, Index = count };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var index = 0;
        try
        {
            while (await requestStream.MoveNext())
            {
                var request = requestStream.Current;
                await ApplyAsync(request, context);
                await responseStream.WriteAsync(new EchoReply { Text = request.Text, Payload = request.Payload, Index = index++ });
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException || context.CancellationToken.IsCancellationRequested)
        {
            _probe.Cancelled.TrySetResult("cancelled");
            throw;
        }
        _probe.Cancelled.TrySetResult("half-closed");
    }

    private async Task ApplyAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.Text == IgnoreDeadlineText)
        {
            await Task.Delay(request.DelayMs);
            return;
        }
        if (request.DelayMs > 0)
        {
            await WaitAsync(request.DelayMs, context);
        }
        if (request.FailCode == PlainExceptionCode)
        {
            throw new InvalidOperationException("boom");
        }
        if (request.FailCode != 0)
        {
            var trailers = new Metadata { { "x-fail-detail", "from-trailers" } };
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage), trailers);
        }
    }

    private async Task WaitAsync(int delayMs, ServerCallContext context)
    {
        try
        {
            _probe.Started.TrySetResult();
            await Task.Delay(delayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _probe.Cancelled.TrySetResult(DeadlineOrCancelled(context));
            throw;
        }
    }

    private static string DeadlineOrCancelled(ServerCallContext context) =>
        context.Deadline != DateTime.MaxValue && DateTime.UtcNow >= context.Deadline.AddMilliseconds(-50) ? "deadline" : "cancelled";

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        var headers = new Metadata();
        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("x-", StringComparison.Ordinal))
            {
                headers.Add(entry);
                context.ResponseTrailers.Add(entry);
            }
        }
        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }
    }
}

/// <summary>Lets tests observe what the server saw.</summary>
public sealed class ServerProbe
{
    public TaskCompletionSource<string> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a handler starts a cancellable wait (delay_ms), so tests can act on a call the server is running.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Connection id -> peer of every unary call.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Connections { get; } = new();
}
