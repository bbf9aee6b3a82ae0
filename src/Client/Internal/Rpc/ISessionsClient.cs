using ArrHost.Protos.V1;
using ArrHost.Rpc;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>The typed client of arr.v1.Sessions, bound from its descriptor by <see cref="RpcClient"/>.</summary>
internal interface ISessionsClient
{
    Task<AccessToken> GetAccessToken(GetAccessTokenRequest request, CallOptions options = default);

    Task<Session> CreateSession(CreateSessionRequest request, CallOptions options = default);

    Task<Session> GetSession(GetSessionRequest request, CallOptions options = default);

    Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, CallOptions options = default);

    Task<Session> UpdateSession(UpdateSessionRequest request, CallOptions options = default);

    Task<Session> StopSession(StopSessionRequest request, CallOptions options = default);

    AsyncServerStreamingCall<SessionEvent> WatchSession(WatchSessionRequest request, CallOptions options = default);
}
