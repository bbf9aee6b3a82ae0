using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosts;
using ArrHost.ControlPlane.Sessions;
using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>arr.v1.Sessions: the client API over gRPC (same manager and rules as the REST API).</summary>
internal sealed class SessionsService(SessionManager sessions, SessionProjection projection, SessionChangeFeed feed, TokenService tokens, HostRegistry hosts)
    : Protos.V1.Sessions.SessionsBase
{
    public override Task<AccessToken> GetAccessToken(GetAccessTokenRequest request, ServerCallContext context)
    {
        var account = tokens.ValidateAccountKey(context.RequestHeaders.GetValue("authorization"),
            string.IsNullOrEmpty(request.AccountId) ? null : request.AccountId);
        var (token, expires) = tokens.Issue(account);
        return Task.FromResult(new AccessToken { Token = token, ExpiresAt = Timestamp.FromDateTimeOffset(expires), AccountId = account });
    }

    public override async Task<Session> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var (s, _) = await sessions.CreateAsync(GrpcCallInterceptor.Account(context), request.SessionId, request.Size, request.MaxLeaseTimeMinutes, context.CancellationToken);
        return projection.ToProto(s, sessions.Now);
    }

    public override async Task<Session> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var s = await sessions.GetAsync(GrpcCallInterceptor.Account(context), request.SessionId, context.CancellationToken);
        return projection.ToProto(s, sessions.Now);
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var page = await sessions.ListAsync(GrpcCallInterceptor.Account(context), request.IncludeEnded, request.PageSize, request.PageToken, context.CancellationToken);
        var now = sessions.Now;
        var response = new ListSessionsResponse { NextPageToken = page.NextCursor ?? "" };
        foreach (var s in page.Sessions) response.Sessions.Add(projection.ToProto(s, now));
        return response;
    }

    public override async Task<Session> UpdateSession(UpdateSessionRequest request, ServerCallContext context)
    {
        var s = await sessions.ExtendAsync(GrpcCallInterceptor.Account(context), request.SessionId, request.MaxLeaseTimeMinutes, context.CancellationToken);
        return projection.ToProto(s, sessions.Now);
    }

    public override async Task<Session> StopSession(StopSessionRequest request, ServerCallContext context)
    {
        var s = await sessions.StopAsync(GrpcCallInterceptor.Account(context), request.SessionId, context.CancellationToken);
        return projection.ToProto(s, sessions.Now);
    }

    /// <summary>Sends the current state, then every change (never an older version after a newer one), until the session ends.</summary>
    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<SessionEvent> stream, ServerCallContext context)
    {
        var account = GrpcCallInterceptor.Account(context);
        SessionRules.ValidateId(request.SessionId);
        using var watch = feed.Watch(new SessionKey(account, request.SessionId));
        var current = await sessions.GetAsync(account, request.SessionId, context.CancellationToken);
        var sent = current.Version;
        await stream.WriteAsync(new SessionEvent { Session = projection.ToProto(current, sessions.Now), Reason = "Current", Sequence = (ulong)current.Version },
            context.CancellationToken);
        if (current.IsEnded) return;
        await foreach (var change in watch.Reader.ReadAllAsync(context.CancellationToken))
        {
            var progress = change.Reason == "Progress" && change.Session.Version == sent;
            if (change.Session.Version <= sent && !progress) continue;
            sent = change.Session.Version;
            await stream.WriteAsync(new SessionEvent
            {
                Session = projection.ToProto(change.Session, sessions.Now),
                Reason = change.Reason,
                Sequence = (ulong)change.Session.Version,
            }, context.CancellationToken);
            if (change.Session.IsEnded) return;
        }
    }

    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        var (rows, _, _) = await sessions.GetUsageAsync(GrpcCallInterceptor.Account(context),
            request.From?.ToDateTimeOffset(), request.To?.ToDateTimeOffset(), context.CancellationToken);
        var response = new GetUsageResponse();
        foreach (var r in rows)
        {
            var seconds = (r.End - r.Start).TotalSeconds;
            response.Records.Add(new UsageRecord
            {
                SessionId = r.SessionId,
                Size = r.Size,
                Start = Timestamp.FromDateTimeOffset(r.Start),
                End = Timestamp.FromDateTimeOffset(r.End),
                BilledSeconds = seconds,
            });
            if (r.Size == SessionSize.Premium) response.PremiumMinutes += seconds / 60;
            else response.StandardMinutes += seconds / 60;
        }
        return response;
    }

    public override async Task<ListHostsResponse> ListHosts(ListHostsRequest request, ServerCallContext context)
    {
        _ = GrpcCallInterceptor.Account(context);
        var response = new ListHostsResponse();
        foreach (var h in await hosts.ListAsync(context.CancellationToken))
        {
            response.Hosts.Add(new HostInfo
            {
                HostId = h.HostId,
                Region = h.Region,
                Size = h.Size,
                RenderEndpoint = h.RenderEndpoint,
                State = h.State,
                SessionId = h.SessionId ?? "",
                Capabilities = h.Capabilities,
                LastHeartbeat = Timestamp.FromDateTimeOffset(h.LastHeartbeat),
            });
        }
        return response;
    }
}
