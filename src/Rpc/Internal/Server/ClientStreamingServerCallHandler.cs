using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

internal sealed class ClientStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> _invoker;

    public ClientStreamingServerCallHandler(string path, MessageParser<TRequest> parser, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger, Delegate invoker)
        : base(path, parser, activator, options, logger)
    {
        _invoker = (Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>)invoker;
    }

    protected override async Task HandleCallCoreAsync(TService service, HttpServerCallContext context)
    {
        var response = await _invoker(service, new HttpContextStreamReader<TRequest>(context, Parser), context).ConfigureAwait(false);
        if (context.Status.StatusCode == StatusCode.OK)
        {
            HttpContextStreamWriter<TResponse>.WriteSingle(context, response ?? throw new InvalidOperationException($"{Path} returned a null response."));
        }
    }
}
