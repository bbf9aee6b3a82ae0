using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

internal sealed class UnaryServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, TRequest, ServerCallContext, Task<TResponse>> _invoker;

    public UnaryServerCallHandler(string path, MessageParser<TRequest> parser, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger, Delegate invoker)
        : base(path, parser, activator, options, logger)
    {
        _invoker = (Func<TService, TRequest, ServerCallContext, Task<TResponse>>)invoker;
    }

    protected override async Task HandleCallCoreAsync(TService service, HttpServerCallContext context)
    {
        var request = await HttpContextStreamReader<TRequest>.ReadSingleAsync(context, Parser).ConfigureAwait(false);
        var response = await _invoker(service, request, context).ConfigureAwait(false);
        if (context.Status.StatusCode == StatusCode.OK)
        {
            HttpContextStreamWriter<TResponse>.WriteSingle(context, response ?? throw new InvalidOperationException($"{Path} returned a null response."));
        }
    }
}
