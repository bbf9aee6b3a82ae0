using ArrHost.Rpc.Internal.Client;

namespace ArrHost.Rpc;

/// <summary>A server-streaming call in flight.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCallState _state;

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IClientCallState state)
    {
        ResponseStream = responseStream;
        _state = state;
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    public Status GetStatus() => _state.GetStatus();

    public Metadata GetTrailers() => _state.GetTrailers();

    public void Dispose() => _state.Dispose();
}
