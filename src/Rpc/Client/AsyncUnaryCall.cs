using System.Runtime.CompilerServices;
using ArrHost.Rpc.Internal.Client;

namespace ArrHost.Rpc;

/// <summary>A unary call in flight.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IClientCallState _state;

    internal AsyncUnaryCall(Task<TResponse> responseAsync, IClientCallState state)
    {
        ResponseAsync = responseAsync;
        _state = state;
    }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The call's status; throws until the call has ended.</summary>
    public Status GetStatus() => _state.GetStatus();

    /// <summary>The call's trailers; throws until the call has ended.</summary>
    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Cancels the call if it is still running (the HTTP/2 stream is reset).</summary>
    public void Dispose() => _state.Dispose();
}
