using System.Security.Cryptography;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Store;
using ArrHost.Protos.V1;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Sessions;

/// <summary>
/// The session lifecycle: Starting -> Ready -> Stopped | Expired | Error. Every change is a conditional
/// store write (lost races are retried on the fresh record), followed by its side effects: billing,
/// returning the host, and publishing the change (which drives timers, host orders and watchers).
/// </summary>
internal sealed class SessionManager(
    IControlPlaneStore store,
    SessionChangeFeed feed,
    TimeProvider clock,
    IOptions<ControlPlaneOptions> options,
    ControlPlaneMetrics metrics,
    ILogger<SessionManager> logger)
{
    public const string StageReserving = "Reserving";
    public const string StageStartingVm = "StartingVm";
    public const string StageResettingHost = "ResettingHost";

    private ControlPlaneOptions O => options.Value;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Creates a session (Starting) and reserves a host at once; answers (session, created).</summary>
    public async Task<(SessionRecord Session, bool Created)> CreateAsync(string accountId, string? sessionId, SessionSize size, long leaseMinutes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionId)) sessionId = Guid.NewGuid().ToString();
        SessionRules.ValidateId(sessionId);
        SessionRules.ValidateSize(size);
        SessionRules.ValidateCreateLease(leaseMinutes);
        var now = Now;
        var record = new SessionRecord
        {
            AccountId = accountId,
            Id = sessionId,
            Region = O.Region,
            Size = size,
            Status = SessionStatus.Starting,
            CreationTime = now,
            MaxLeaseMinutes = (int)leaseMinutes,
            Stage = StageReserving,
            Version = 1,
        };
        switch (await store.InsertSessionAsync(record, O.SessionQuota, ct))
        {
            case InsertOutcome.AlreadyExists:
                var existing = await store.GetSessionAsync(record.Key, ct);
                if (existing is not null && existing.Size == size && existing.MaxLeaseMinutes == leaseMinutes) return (existing, false);
                throw ArrException.Conflict($"A session with id '{sessionId}' already exists in this account with other settings.");
            case InsertOutcome.QuotaExceeded:
                throw new ArrException(ErrorKind.QuotaExceeded, "QuotaExceeded",
                    $"The account already has {O.SessionQuota} active sessions (its quota); stop one first.");
        }
        metrics.SessionsCreated.Add(1);
        Log.SessionCreated(logger, accountId, sessionId, SessionRules.SizeName(size), (int)leaseMinutes);
        await PublishAsync(record, "Created");

        var host = await store.ReserveHostAsync(O.Region, size, record.Key, ct);
        SessionRecord? after;
        if (host is null)
        {
            metrics.CapacityErrors.Add(1);
            var message = $"Capacity: no {SessionRules.SizeName(size)} render host is free in region '{O.Region}'; all are leased or none is registered. Try again later{(size == SessionSize.Standard ? " or ask for Premium" : "")}.";
            after = await TransitionAsync(record.Key, "Capacity", s =>
            {
                if (!s.IsActive) return false;
                Fail(s, "Capacity", message, Now);
                return true;
            }, ct);
        }
        else
        {
            after = await TransitionAsync(record.Key, "HostReserved", s =>
            {
                if (s.Status != SessionStatus.Starting || s.Stage != StageReserving) return false;
                s.HostId = host.HostId;
                s.Stage = StageStartingVm;
                return true;
            }, ct);
            if (after is not null && after.HostId != host.HostId)
            {
                // Stopped in the meantime: give the host back.
                await store.SetHostStateAsync(host.HostId, HostState.Idle, null, record.Key, ct);
            }
        }
        return (after ?? record, true);
    }

    public async Task<SessionRecord> GetAsync(string accountId, string sessionId, CancellationToken ct)
    {
        SessionRules.ValidateId(sessionId);
        return await store.GetSessionAsync(new SessionKey(accountId, sessionId), ct) ?? throw ArrException.SessionNotFound(sessionId);
    }

    public Task<SessionPage> ListAsync(string accountId, bool includeEnded, int pageSize, string? cursor, CancellationToken ct)
    {
        if (pageSize == 0) pageSize = 100;
        if (pageSize is < 1 or > 1000) throw ArrException.BadRequest("The page size must be 1..1000.");
        return store.ListSessionsAsync(accountId, includeEnded, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor, ct);
    }

    /// <summary>Extends the lease: larger than the current one, below 1440, while Starting or Ready.</summary>
    public async Task<SessionRecord> ExtendAsync(string accountId, string sessionId, long newLeaseMinutes, CancellationToken ct)
    {
        SessionRules.ValidateId(sessionId);
        var after = await TransitionAsync(new SessionKey(accountId, sessionId), "LeaseExtended", s =>
        {
            if (s.IsEnded)
                throw ArrException.Unprocessable($"Session '{s.Id}' has ended ({SessionRules.StatusName(s.Status)}); its lease cannot be extended.");
            if (newLeaseMinutes >= SessionRules.MaxLeaseMinutes)
                throw ArrException.Unprocessable($"maxLeaseTimeMinutes must be below {SessionRules.MaxLeaseMinutes}; got {newLeaseMinutes}.");
            if (newLeaseMinutes <= s.MaxLeaseMinutes)
                throw ArrException.Unprocessable($"maxLeaseTimeMinutes must be larger than the current lease of {s.MaxLeaseMinutes} minutes; got {newLeaseMinutes}.");
            s.MaxLeaseMinutes = (int)newLeaseMinutes;
            return true;
        }, ct);
        return after ?? throw ArrException.SessionNotFound(sessionId);
    }

    /// <summary>Stops the session (irreversible). Stopping an ended session changes nothing.</summary>
    public async Task<SessionRecord> StopAsync(string accountId, string sessionId, CancellationToken ct)
    {
        SessionRules.ValidateId(sessionId);
        var after = await TransitionAsync(new SessionKey(accountId, sessionId), "Stopped", s =>
        {
            if (s.IsEnded) return false;
            s.Status = SessionStatus.Stopped;
            s.EndTime = Now;
            s.Stage = null;
            return true;
        }, ct);
        return after ?? throw ArrException.SessionNotFound(sessionId);
    }

    /// <summary>The simulated VM start-up is over: order the host to reset and accept the session.</summary>
    public Task<SessionRecord?> OnStartupElapsedAsync(SessionKey key, CancellationToken ct) =>
        TransitionAsync(key, "ResettingHost", s =>
        {
            if (s.Status != SessionStatus.Starting || s.Stage != StageStartingVm) return false;
            s.Stage = StageResettingHost;
            s.TokenNonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            return true;
        }, ct);

    /// <summary>The host confirmed the lease: the session is Ready and its lease clock starts.</summary>
    public async Task<SessionRecord?> OnLeaseAcceptedAsync(SessionKey key, string hostId, string renderEndpoint, CancellationToken ct)
    {
        var after = await TransitionAsync(key, "Ready", s =>
        {
            if (s.Status != SessionStatus.Starting || s.HostId != hostId || s.Stage != StageResettingHost) return false;
            s.Status = SessionStatus.Ready;
            s.ReadyTime = Now;
            s.RenderEndpoint = renderEndpoint;
            s.Stage = null;
            return true;
        }, ct);
        if (after is { Status: SessionStatus.Ready } && after.HostId == hostId)
        {
            await store.SetHostStateAsync(hostId, HostState.Leased, key, key, ct);
            metrics.StartDuration.Record((after.ReadyTime!.Value - after.CreationTime).TotalMilliseconds);
        }
        return after;
    }

    /// <summary>Expires the session if its lease deadline has come; EndTime is the exact deadline.</summary>
    public Task<SessionRecord?> ExpireIfDueAsync(SessionKey key, CancellationToken ct) =>
        TransitionAsync(key, "Expired", s =>
        {
            if (s.Status != SessionStatus.Ready || O.LeaseDeadline(s) is not { } deadline || Now < deadline) return false;
            s.Status = SessionStatus.Expired;
            s.EndTime = deadline;
            return true;
        }, ct);

    /// <summary>Fails the session if the host never accepted the lease in time.</summary>
    public Task<SessionRecord?> OnStartTimeoutAsync(SessionKey key, CancellationToken ct) =>
        TransitionAsync(key, "StartTimeout", s =>
        {
            if (s.Status != SessionStatus.Starting) return false;
            Fail(s, "StartTimeout", $"StartTimeout: render host {s.HostId} did not accept the session within {O.StartTimeoutSeconds:0.#} s.", Now);
            return true;
        }, ct);

    /// <summary>Fails an active session (host lost, host failure).</summary>
    public Task<SessionRecord?> FailAsync(SessionKey key, string code, string message, CancellationToken ct) =>
        TransitionAsync(key, code, s =>
        {
            if (!s.IsActive) return false;
            Fail(s, code, message, Now);
            return true;
        }, ct);

    public async Task<(IReadOnlyList<UsageRow> Rows, DateTimeOffset From, DateTimeOffset To)> GetUsageAsync(
        string accountId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var now = Now;
        var f = from ?? DateTimeOffset.UnixEpoch;
        var t = to ?? now;
        if (t < f) throw ArrException.BadRequest("The period's end is before its start.");
        var rows = new List<UsageRow>(await store.ListUsageAsync(accountId, f, t, ct));
        string? cursor = null;
        do
        {
            var page = await store.ListSessionsAsync(accountId, includeEnded: false, 1000, cursor, ct);
            foreach (var s in page.Sessions)
            {
                if (s.ReadyTime is { } ready && ready < t) rows.Add(new UsageRow(accountId, s.Id, s.Size, ready, now));
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var clipped = rows
            .Select(r => r with { Start = r.Start < f ? f : r.Start, End = r.End > t ? t : r.End })
            .Where(r => r.End > r.Start)
            .ToList();
        return (clipped, f, t);
    }

    private static void Fail(SessionRecord s, string code, string message, DateTimeOffset now)
    {
        s.Status = SessionStatus.Error;
        s.ErrorCode = code;
        s.ErrorMessage = message;
        s.EndTime = now;
        s.Stage = null;
    }

    /// <summary>
    /// Reads, mutates a copy and writes it if nobody changed the session meanwhile (else retries).
    /// <paramref name="mutate"/> returns false for "no change" and may throw to refuse (nothing is stored then).
    /// Returns the session as it is afterwards, or null if it does not exist.
    /// </summary>
    private async Task<SessionRecord?> TransitionAsync(SessionKey key, string reason, Func<SessionRecord, bool> mutate, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = await store.GetSessionAsync(key, ct);
            if (before is null) return null;
            var after = before.Clone();
            if (!mutate(after)) return before;
            if (await store.UpdateSessionAsync(after, before.Version, ct))
            {
                await AfterChangeAsync(before, after, reason, ct);
                return after;
            }
            if (attempt > 100) throw new InvalidOperationException($"Session {key} kept changing under us.");
        }
    }

    private async Task AfterChangeAsync(SessionRecord before, SessionRecord after, string reason, CancellationToken ct)
    {
        if (before.IsActive && after.IsEnded)
        {
            metrics.SessionsEnded.Add(1, new KeyValuePair<string, object?>("status", SessionRules.StatusName(after.Status)));
            if (after.Status == SessionStatus.Error && after.ErrorCode != "Capacity") Log.SessionFailed(logger, after.AccountId, after.Id, after.ErrorCode ?? "", after.ErrorMessage ?? "");
            if (after.ReadyTime is { } ready && after.EndTime is { } end)
            {
                await store.AddUsageAsync(new UsageRow(after.AccountId, after.Id, after.Size, ready, end), ct);
            }
            if (after.HostId is not null && after.ErrorCode != "HostLost")
            {
                // A host that got the lease order must confirm a clean reset; one that never heard of it is free at once.
                var ordered = before.Status == SessionStatus.Ready || before.Stage == StageResettingHost;
                await store.SetHostStateAsync(after.HostId, ordered ? HostState.Resetting : HostState.Idle,
                    ordered ? after.Key : null, after.Key, ct);
            }
        }
        Log.SessionChanged(logger, after.AccountId, after.Id, SessionRules.StatusName(after.Status), reason, after.HostId);
        await PublishAsync(after, reason);
    }

    private async Task PublishAsync(SessionRecord snapshot, string reason)
    {
        var change = new SessionChange(snapshot.Clone(), reason);
        feed.Publish(change);
        if (feed.RemoteNotifier is { } notify)
        {
            try
            {
                await notify(change);
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(logger, "notify replicas", ex);
            }
        }
    }
}
