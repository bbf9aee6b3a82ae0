using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

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

internal sealed class UnaryCallInvoker<TRequest, TResponse>(ClientMethod<TRequest, TResponse> method, bool hasOptions) : ClientMethodInvoker(hasOptions)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override object Invoke(GrpcChannel channel, object?[]? args)
    {
        var request = (TRequest?)args![0] ?? throw new ArgumentNullException("request");
        var call = new GrpcCall<TRequest, TResponse>(channel, method, GetOptions(args, 1));
        call.Start(request);
        return new AsyncUnaryCall<TResponse>(call.GetResponseAsync(), call);
    }
}

internal sealed class ServerStreamingInvoker<TRequest, TResponse>(ClientMethod<TRequest, TResponse> method, bool hasOptions) : ClientMethodInvoker(hasOptions)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override object Invoke(GrpcChannel channel, object?[]? args)
    {
        var request = (TRequest?)args![0] ?? throw new ArgumentNullException("request");
        var call = new GrpcCall<TRequest, TResponse>(channel, method, GetOptions(args, 1));
        call.Start(request);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStreamReader<TRequest, TResponse>(call), call);
    }
}

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
