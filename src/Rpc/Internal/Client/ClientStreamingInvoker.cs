using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Client-streaming method.</summary>
internal sealed class ClientStreamingInvoker<TRequest, TResponse>(ClientMethod<TRequest, TResponse> method, bool hasOptions) : ClientMethodInvoker(hasOptions)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override object Invoke(GrpcChannel channel, object?[]? args)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, GetOptions(args, 0));
        call.Start(null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new ClientRequestStreamWriter<TRequest, TResponse>(call), call.GetResponseAsync(), call);
    }
}
