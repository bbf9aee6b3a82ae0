using System.Runtime.CompilerServices;
using ArrHost.Protos.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>arr.v1.Sessions over the project's gRPC client.</summary>
internal sealed class RpcSessionsTransport : Transport.ISessionsTransport
{
    private readonly GrpcChannel _channel;
    private readonly Sessions.SessionsClient _client;

    public RpcSessionsTransport(GrpcChannel channel, Interceptor[] interceptors)
    {
        _channel = channel;
        _client = new Sessions.SessionsClient(RpcTransports.Invoker(channel, interceptors));
    }

    public Task<AccessToken> GetAccessTokenAsync(GetAccessTokenRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.GetAccessTokenAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public Task<Session> CreateSessionAsync(CreateSessionRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.CreateSessionAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public Task<Session> GetSessionAsync(GetSessionRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.GetSessionAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public Task<ListSessionsResponse> ListSessionsAsync(ListSessionsRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.ListSessionsAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public Task<Session> UpdateSessionAsync(UpdateSessionRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.UpdateSessionAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public Task<Session> StopSessionAsync(StopSessionRequest request, string authorization, CancellationToken cancellationToken) =>
        UnaryAsync(o => _client.StopSessionAsync(request, o).ResponseAsync, authorization, cancellationToken);

    public async IAsyncEnumerable<SessionEvent> WatchSessionAsync(WatchSessionRequest request, string authorization, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AsyncServerStreamingCall<SessionEvent> call;
        try
        {
            call = _client.WatchSession(request, Options(authorization, cancellationToken));
        }
        catch (RpcException ex)
        {
            throw RpcErrors.Map(ex, cancellationToken);
        }

        using (call)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException ex)
                {
                    throw RpcErrors.Map(ex, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "The session watch stream broke: " + ex.Message, ex);
                }

                if (!more) yield break;
                yield return call.ResponseStream.Current;
            }
        }
    }

    public void Dispose() => _channel.Dispose();

    internal static CallOptions Options(string authorization, CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        headers.Add("authorization", authorization);
        return new CallOptions(headers, null, cancellationToken);
    }

    private static async Task<T> UnaryAsync<T>(Func<CallOptions, Task<T>> call, string authorization, CancellationToken cancellationToken)
    {
        try
        {
            return await call(Options(authorization, cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw RpcErrors.Map(ex, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "The control plane cannot be reached: " + ex.Message, ex);
        }
    }
}
