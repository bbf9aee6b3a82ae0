namespace ArrHost.Rpc.Internal;

/// <summary>The four gRPC call kinds, from a method's streaming flags.</summary>
internal enum RpcMethodKind
{
    Unary,
    ServerStreaming,
    ClientStreaming,
    DuplexStreaming,
}
