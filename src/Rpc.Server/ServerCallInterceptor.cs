using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ArrHost.Rpc.Server;

/// <summary>
/// One place per host for what every gRPC handler needs: a check before the handler runs (authentication, rate
/// limits) and the mapping of the exceptions it throws to a status. grpc-dotnet itself turns any exception other
/// than <see cref="RpcException"/> into UNKNOWN "Exception was thrown by handler.", which tells a client nothing.
/// </summary>
public abstract class ServerCallInterceptor : Interceptor
{
    /// <summary>Runs before the handler. Throw <see cref="RpcException"/> (or an exception <see cref="MapException"/> maps) to refuse the call.</summary>
    protected virtual ValueTask OnCallStartingAsync(ServerCallContext context) => ValueTask.CompletedTask;

    /// <summary>The status for an exception a handler threw, or null to leave it to grpc-dotnet.</summary>
    protected virtual RpcException? MapException(Exception exception, ServerCallContext context) => null;

    public sealed override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await OnCallStartingAsync(context).ConfigureAwait(false);
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Mapped(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public sealed override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await OnCallStartingAsync(context).ConfigureAwait(false);
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Mapped(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public sealed override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await OnCallStartingAsync(context).ConfigureAwait(false);
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Mapped(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public sealed override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await OnCallStartingAsync(context).ConfigureAwait(false);
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Mapped(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Mapped(Exception exception, ServerCallContext context)
    {
        // A status already chosen stays. A call the client ended (cancelled, reset, past its deadline) is grpc-dotnet's
        // to report, and what the handler threw on the way out (OperationCanceledException, or IOException "The client
        // reset the request stream", as after every grpcurl reflection call) is not a failure to map or log.
        if (exception is RpcException || context.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return MapException(exception, context);
    }
}
