using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

internal sealed class ServerStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> _invoker;

    public ServerStreamingServerCallHandler(string path, MessageParser<TRequest> parser, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger, Delegate invoker)
        : base(path, parser, activator, options, logger)
    {
        _invoker = (Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>)invoker;
    }

    protected override async Task HandleCallCoreAsync(TService service, HttpServerCallContext context)
    {
        var request = await HttpContextStreamReader<TRequest>.ReadSingleAsync(context, Parser).ConfigureAwait(false);
        await _invoker(service, request, new HttpContextStreamWriter<TResponse>(context), context).ConfigureAwait(false);
    }
}
