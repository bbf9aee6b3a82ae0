using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace ArrHost.ControlPlane.Sessions;

/// <summary>What callers see of a session: endpoint parts, connection token, progress, elapsed time.</summary>
internal sealed class SessionProjection(TokenService tokens, ControlPlaneOptions options)
{
    public (string? Hostname, int Port) Endpoint(SessionRecord s)
    {
        if (s.ReadyTime is null || s.RenderEndpoint is null || !Uri.TryCreate(s.RenderEndpoint, UriKind.Absolute, out var uri)) return (null, 0);
        return (uri.Host, uri.Port);
    }

    /// <summary>The connection token while the session is Ready; empty otherwise.</summary>
    public string ConnectionToken(SessionRecord s) => s.Status == SessionStatus.Ready ? tokens.ConnectionToken(s) : "";

    public StartupProgress? Progress(SessionRecord s, DateTimeOffset now)
    {
        if (s.Status == SessionStatus.Ready) return new StartupProgress { Stage = "Ready", Fraction = 1 };
        if (s.Status != SessionStatus.Starting) return null;
        var delay = options.StartupDelay(s.Size);
        switch (s.Stage)
        {
            case SessionManager.StageStartingVm:
                var elapsed = now - s.CreationTime;
                var fraction = delay <= TimeSpan.Zero ? 0.9 : Math.Clamp(elapsed / delay, 0, 1) * 0.9;
                var remaining = delay - elapsed;
                return new StartupProgress
                {
                    Stage = s.Stage,
                    Fraction = Math.Round(0.05 + fraction, 3),
                    EstimatedRemainingMs = remaining > TimeSpan.Zero ? (long)remaining.TotalMilliseconds : 0,
                };
            case SessionManager.StageResettingHost:
                return new StartupProgress { Stage = s.Stage, Fraction = 0.97 };
            default:
                return new StartupProgress { Stage = SessionManager.StageReserving, Fraction = 0, EstimatedRemainingMs = (long)delay.TotalMilliseconds };
        }
    }

    public Session ToProto(SessionRecord s, DateTimeOffset now)
    {
        var (host, port) = Endpoint(s);
        var m = new Session
        {
            Id = s.Id,
            AccountId = s.AccountId,
            Size = s.Size,
            Status = s.Status,
            CreationTime = Timestamp.FromDateTimeOffset(s.CreationTime),
            MaxLeaseTimeMinutes = s.MaxLeaseMinutes,
            ElapsedTimeMinutes = ElapsedMinutes(s, now),
            Hostname = host ?? "",
            HandshakePort = port,
            ArrInspectorPort = port,
            RenderEndpoint = s.ReadyTime is null ? "" : s.RenderEndpoint ?? "",
            ConnectionToken = ConnectionToken(s),
            Teraflops = s.ReadyTime is null ? 0 : SessionRules.Teraflops(s.Size),
            HostId = s.HostId ?? "",
            Region = s.Region,
        };
        if (s.ReadyTime is { } r) m.ReadyTime = Timestamp.FromDateTimeOffset(r);
        if (s.EndTime is { } e) m.EndTime = Timestamp.FromDateTimeOffset(e);
        if (s.ErrorCode is not null) m.Error = new SessionError { Code = s.ErrorCode, Message = s.ErrorMessage ?? "" };
        if (Progress(s, now) is { } p) m.Progress = p;
        return m;
    }

    /// <summary>Whole lease minutes the session spent in Ready.</summary>
    public int ElapsedMinutes(SessionRecord s, DateTimeOffset now) => SessionRules.ElapsedMinutes(s, now, options.LeaseMinute);
}
