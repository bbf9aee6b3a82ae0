using System.Runtime.CompilerServices;
using ArrHost.Rpc.Internal.Client;

namespace ArrHost.Rpc;

/// <summary>A client-streaming call in flight.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCallState _state;

    internal AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, IClientCallState state)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _state = state;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public Status GetStatus() => _state.GetStatus();

    public Metadata GetTrailers() => _state.GetTrailers();

    public void Dispose() => _state.Dispose();
}
