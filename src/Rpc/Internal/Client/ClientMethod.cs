using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>One method of a client binding: its path, kind and response parser (from the descriptor).</summary>
internal sealed class ClientMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public ClientMethod(string path, RpcMethodKind kind, MessageParser<TResponse> responseParser)
    {
        Path = path;
        Kind = kind;
        ResponseParser = responseParser;
    }

    public string Path { get; }

    public RpcMethodKind Kind { get; }

    public MessageParser<TResponse> ResponseParser { get; }
}
