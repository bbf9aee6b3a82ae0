using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>A Sessions service with the real auth metadata, rate limiting and a scripted start-up.</summary>
public sealed class FakeSessionsService(WireState state) : Sessions.SessionsBase
{
    public override Task<AccessToken> GetAccessToken(GetAccessTokenRequest request, ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("authorization") != $"Bearer {WireState.AccountId}:{WireState.AccountKey}")
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "invalid account id or key"));
        }

        var n = Interlocked.Increment(ref state.TokensIssued);
        return Task.FromResult(new AccessToken { Token = "tok-" + n, AccountId = request.AccountId, ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(24)) });
    }

    public override Task<Session> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        Authorize(context);
        Interlocked.Increment(ref state.CreateCalls);
        if (Interlocked.Decrement(ref state.RateLimitCreates) >= 0)
        {
            var trailers = new Metadata();
            trailers.Add(state.RetryTrailer.Key, state.RetryTrailer.Value);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "too many requests"), trailers);
        }

        var s = state.Sessions.GetOrAdd(request.SessionId, id => new Session
        {
            Id = id,
            AccountId = WireState.AccountId,
            Size = request.Size,
            MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes,
            Status = SessionStatus.Starting,
            CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Progress = new StartupProgress { Stage = "Reserving", Fraction = 0 },
        });
        return Task.FromResult(s.Clone());
    }

    public override Task<Session> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        Authorize(context);
        return Task.FromResult(Find(request.SessionId).Clone());
    }

    public override Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        Authorize(context);
        var r = new ListSessionsResponse();
        r.Sessions.AddRange(state.Sessions.Values.Select(s => s.Clone()));
        return Task.FromResult(r);
    }

    public override Task<Session> UpdateSession(UpdateSessionRequest request, ServerCallContext context)
    {
        Authorize(context);
        var s = Find(request.SessionId);
        if (request.MaxLeaseTimeMinutes <= s.MaxLeaseTimeMinutes) throw new RpcException(new Status(StatusCode.FailedPrecondition, "the new lease must be larger"));
        s.MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes;
        return Task.FromResult(s.Clone());
    }

    public override Task<Session> StopSession(StopSessionRequest request, ServerCallContext context)
    {
        Authorize(context);
        var s = Find(request.SessionId);
        s.Status = SessionStatus.Stopped;
        lock (state.Gate) state.ConnectedClient?.Cancel();
        return Task.FromResult(s.Clone());
    }

    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<SessionEvent> responseStream, ServerCallContext context)
    {
        Authorize(context);
        var s = Find(request.SessionId);
        ulong seq = 0;
        await responseStream.WriteAsync(new SessionEvent { Session = s.Clone(), Reason = "Created", Sequence = ++seq });
        if (s.Status != SessionStatus.Starting) return;
        await Task.Delay(30, context.CancellationToken);
        s.Progress = new StartupProgress { Stage = "StartingVm", Fraction = 0.5, EstimatedRemainingMs = 30 };
        await responseStream.WriteAsync(new SessionEvent { Session = s.Clone(), Reason = "Progress", Sequence = ++seq });
        await Task.Delay(30, context.CancellationToken);
        s.Status = SessionStatus.Ready;
        s.Progress = null;
        s.RenderEndpoint = state.RenderEndpoint;
        s.ConnectionToken = WireState.ConnectionToken;
        s.ReadyTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        await responseStream.WriteAsync(new SessionEvent { Session = s.Clone(), Reason = "Ready", Sequence = ++seq });
    }

    private static void Authorize(ServerCallContext context)
    {
        var auth = context.RequestHeaders.GetValue("authorization");
        if (auth is null || !auth.StartsWith("Bearer tok-", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or invalid token"));
        }
    }

    private Session Find(string id) =>
        state.Sessions.TryGetValue(id, out var s) ? s : throw new RpcException(new Status(StatusCode.NotFound, $"session '{id}' not found"));
}
