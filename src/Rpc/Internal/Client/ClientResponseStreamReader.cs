using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Response messages of a server-streaming or bidi call.</summary>
internal sealed class ClientResponseStreamReader<TRequest, TResponse> : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcCall<TRequest, TResponse> _call;
    private TResponse? _current;

    public ClientResponseStreamReader(GrpcCall<TRequest, TResponse> call)
    {
        _call = call;
    }

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await _call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            _current = message;
            return true;
        }
        _current = null;
        var status = _call.GetStatus();
        if (status.StatusCode != StatusCode.OK)
        {
            throw _call.CreateException();
        }
        return false;
    }
}
