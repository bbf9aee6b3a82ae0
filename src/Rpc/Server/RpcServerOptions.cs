using ArrHost.Rpc.Internal;

namespace ArrHost.Rpc;

/// <summary>Options of every service mapped with MapRpcService.</summary>
public sealed class RpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression); larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress response messages with gzip when the client's grpc-accept-encoding allows it.</summary>
    public bool EnableResponseCompression { get; set; }

    public IList<IServerCallInterceptor> Interceptors { get; } = new List<IServerCallInterceptor>();

    /// <summary>Maps an exception other than <see cref="RpcException"/> thrown by a handler to a status; null falls back to UNKNOWN.</summary>
    public Func<Exception, Status?>? ExceptionMapper { get; set; }
}
