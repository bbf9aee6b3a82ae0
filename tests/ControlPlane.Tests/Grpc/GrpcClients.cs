using ArrHost.Protos.V1;
using ArrHost.Rpc;

namespace ArrHost.ControlPlane.Tests.Grpc;

/// <summary>Typed client of arr.v1.Sessions.</summary>
public interface ISessionsClient
{
    Task<AccessToken> GetAccessToken(GetAccessTokenRequest request, CallOptions options = default);
    Task<Session> CreateSession(CreateSessionRequest request, CallOptions options = default);
    Task<Session> GetSession(GetSessionRequest request, CallOptions options = default);
    Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, CallOptions options = default);
    Task<Session> UpdateSession(UpdateSessionRequest request, CallOptions options = default);
    Task<Session> StopSession(StopSessionRequest request, CallOptions options = default);
    AsyncServerStreamingCall<SessionEvent> WatchSession(WatchSessionRequest request, CallOptions options = default);
    Task<GetUsageResponse> GetUsage(GetUsageRequest request, CallOptions options = default);
    Task<ListHostsResponse> ListHosts(ListHostsRequest request, CallOptions options = default);
}

/// <summary>Typed client of arr.v1.HostAgent.</summary>
public interface IHostAgentClient
{
    AsyncDuplexStreamingCall<AgentMessage, ControlMessage> Attach(CallOptions options = default);
}
