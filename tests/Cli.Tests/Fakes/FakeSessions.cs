using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ArrHost.Tests.Fakes;

/// <summary>A minimal in-memory Sessions service (served by <see cref="FakeServer"/>) for running commands end to end without a region.</summary>
internal sealed class FakeSessions : Sessions.SessionsBase
{

    public Dictionary<string, Session> Sessions { get; } = new();

    public List<SessionEvent> WatchEvents { get; } = [];

    /// <summary>Stores a Ready Standard session <paramref name="id"/> with a render endpoint (the fake server's clients are pointed at it) and a connection token.</summary>
    public Session AddReady(string id) => Sessions[id] = new Session
    {
        Id = id,
        Size = SessionSize.Standard,
        Status = SessionStatus.Ready,
        MaxLeaseTimeMinutes = 10,
        RenderEndpoint = "http://127.0.0.1:1",
        ConnectionToken = "token",
        CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
    };

    public override Task<AccessToken> GetAccessToken(GetAccessTokenRequest request, ServerCallContext context) =>
        context.RequestHeaders.GetValue("authorization") == "Bearer acct:key"
            ? Task.FromResult(new AccessToken { Token = "t", ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)) })
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "bad key"));

    public override Task<Session> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var s = new Session { Id = request.SessionId, Size = request.Size, MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes, Status = SessionStatus.Starting, CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };
        Sessions[s.Id] = s;
        return Task.FromResult(s.Clone());
    }

    public override Task<Session> GetSession(GetSessionRequest request, ServerCallContext context) => Task.FromResult(Find(request.SessionId).Clone());

    public override Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var r = new ListSessionsResponse();
        r.Sessions.AddRange(Sessions.Values.Where(s => request.IncludeEnded || s.Status is SessionStatus.Starting or SessionStatus.Ready).Select(s => s.Clone()));
        return Task.FromResult(r);
    }

    public override Task<Session> UpdateSession(UpdateSessionRequest request, ServerCallContext context)
    {
        var s = Find(request.SessionId);
        if (request.MaxLeaseTimeMinutes <= s.MaxLeaseTimeMinutes) throw new RpcException(new Status(StatusCode.FailedPrecondition, "the new lease must be larger"));
        s.MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes;
        return Task.FromResult(s.Clone());
    }

    public override Task<Session> StopSession(StopSessionRequest request, ServerCallContext context)
    {
        var s = Find(request.SessionId);
        s.Status = SessionStatus.Stopped;
        return Task.FromResult(s.Clone());
    }

    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<SessionEvent> responseStream, ServerCallContext context)
    {
        foreach (var e in WatchEvents) await responseStream.WriteAsync(e.Clone());
    }

    private Session Find(string id) => Sessions.TryGetValue(id, out var s) ? s : throw new RpcException(new Status(StatusCode.NotFound, $"session '{id}' not found"));
}

