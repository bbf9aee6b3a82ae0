using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Bidi method.</summary>
internal sealed class DuplexStreamingInvoker<TRequest, TResponse>(ClientMethod<TRequest, TResponse> method, bool hasOptions) : ClientMethodInvoker(hasOptions)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override object Invoke(GrpcChannel channel, object?[]? args)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, GetOptions(args, 0));
        call.Start(null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new ClientRequestStreamWriter<TRequest, TResponse>(call), new ClientResponseStreamReader<TRequest, TResponse>(call), call);
    }
}
