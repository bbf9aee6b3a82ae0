using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Unary method returning Task&lt;TResponse&gt;.</summary>
internal sealed class UnaryTaskInvoker<TRequest, TResponse>(ClientMethod<TRequest, TResponse> method, bool hasOptions) : ClientMethodInvoker(hasOptions)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override object Invoke(GrpcChannel channel, object?[]? args)
    {
        var request = (TRequest?)args![0] ?? throw new ArgumentNullException("request");
        var call = new GrpcCall<TRequest, TResponse>(channel, method, GetOptions(args, 1));
        call.Start(request);
        return call.GetResponseAsync();
    }
}
