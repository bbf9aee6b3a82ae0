using System.Text.Json;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Hosts;
using ArrHost.ControlPlane.Rest;
using ArrHost.ControlPlane.Sessions;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Dashboard;

/// <summary>
/// What the dashboard shows, from the store, the host registry and the hosts' heartbeats: every host of
/// the region (size, state, device, client, frame metrics; the session id only when it is the caller's),
/// and the caller's newest sessions (state, stage, lease, billed time so far, failure reason).
/// </summary>
internal sealed class DashboardState(SessionManager sessions, HostRegistry hosts, IOptions<ControlPlaneOptions> options)
{
    /// <summary>The most sessions listed (newest first).</summary>
    public const int MaxSessions = 50;

    public async Task WriteAsync(HttpContext ctx, string accountId, CancellationToken ct)
    {
        var o = options.Value;
        var now = sessions.Now;
        var hostList = await hosts.ListAsync(ct);
        var all = new List<SessionRecord>();
        string? cursor = null;
        do
        {
            var page = await sessions.ListAsync(accountId, includeEnded: true, 1000, cursor, ct);
            all.AddRange(page.Sessions);
            cursor = page.NextCursor;
        }
        while (cursor is not null && all.Count < 10_000);
        all.Sort((a, b) => b.CreationTime.CompareTo(a.CreationTime));

        await RestResponses.WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("region", o.Region);
            w.WriteString("account", accountId);
            w.WriteString("now", RestResponses.Iso(now));
            w.WriteNumber("leaseMinuteSeconds", o.LeaseMinuteSeconds);
            w.WriteStartArray("hosts");
            foreach (var h in hostList.OrderBy(h => h.HostId, StringComparer.Ordinal)) WriteHost(w, h, accountId);
            w.WriteEndArray();
            w.WriteStartArray("sessions");
            foreach (var s in all.Take(MaxSessions)) WriteSession(w, s, now, o);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private void WriteHost(Utf8JsonWriter w, HostRecord h, string accountId)
    {
        w.WriteStartObject();
        w.WriteString("hostId", h.HostId);
        w.WriteString("size", SessionRules.SizeName(h.Size));
        w.WriteString("state", h.State.ToString());
        w.WriteString("device", h.Capabilities.DeviceName);
        w.WriteString("lastHeartbeat", RestResponses.Iso(h.LastHeartbeat));
        var own = h.SessionId is not null && string.Equals(h.SessionAccountId, accountId, StringComparison.Ordinal);
        if (own) w.WriteString("sessionId", h.SessionId);
        else if (h.SessionId is not null) w.WriteString("sessionId", "(another account)");
        else w.WriteNull("sessionId");
        if (hosts.Live(h.HostId) is { } live)
        {
            var f = live.Frames;
            w.WriteBoolean("clientConnected", live.ClientConnected);
            w.WriteNumber("deviceMemoryUsedBytes", live.DeviceMemoryUsedBytes);
            w.WriteStartObject("frames");
            w.WriteNumber("sent", f.FramesSent);
            w.WriteNumber("bytesSent", f.BytesSent);
            w.WriteNumber("posesDropped", f.PosesDropped);
            w.WriteNumber("framesPerSecond", Math.Round(f.FramesPerSecond, 2));
            w.WriteNumber("meanTotalMs", Math.Round(f.MeanTotalMs, 2));
            w.WriteNumber("meanRenderMs", Math.Round(f.MeanRenderMs, 2));
            w.WriteNumber("meanEncodeMs", Math.Round(f.MeanEncodeMs, 2));
            w.WriteNumber("meanFrameBytes", Math.Round(f.MeanFrameBytes));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("clientConnected");
            w.WriteNull("frames");
        }

        w.WriteEndObject();
    }

    private static void WriteSession(Utf8JsonWriter w, SessionRecord s, DateTimeOffset now, ControlPlaneOptions o)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("size", SessionRules.SizeName(s.Size));
        w.WriteString("status", SessionRules.StatusName(s.Status));
        if (s.Status == Protos.V1.SessionStatus.Starting && s.Stage is { Length: > 0 } stage) w.WriteString("stage", stage); else w.WriteNull("stage");
        w.WriteString("created", RestResponses.Iso(s.CreationTime));
        Time(w, "ready", s.ReadyTime);
        Time(w, "ended", s.EndTime);
        w.WriteString("hostId", s.HostId);
        w.WriteNumber("maxLeaseMinutes", s.MaxLeaseMinutes);
        if (s.IsActive && o.LeaseDeadline(s) is { } deadline) w.WriteNumber("leaseRemainingSeconds", Math.Max(0, Math.Round((deadline - now).TotalSeconds)));
        else w.WriteNull("leaseRemainingSeconds");
        w.WriteNumber("billedSeconds", Math.Round(SessionRules.Elapsed(s, now).TotalSeconds, 1));
        w.WriteNumber("billedMinutes", SessionRules.ElapsedMinutes(s, now, o.LeaseMinute));
        w.WriteString("errorCode", s.ErrorCode);
        w.WriteString("errorMessage", s.ErrorMessage);
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v) w.WriteString(name, RestResponses.Iso(v)); else w.WriteNull(name);
    }
}
