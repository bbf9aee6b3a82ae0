using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

internal sealed class DuplexStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> _invoker;

    public DuplexStreamingServerCallHandler(string path, MessageParser<TRequest> parser, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger, Delegate invoker)
        : base(path, parser, activator, options, logger)
    {
        _invoker = (Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>)invoker;
    }

    protected override Task HandleCallCoreAsync(TService service, HttpServerCallContext context) =>
        _invoker(service, new HttpContextStreamReader<TRequest>(context, Parser), new HttpContextStreamWriter<TResponse>(context), context);
}
