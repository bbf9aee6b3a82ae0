using System.Collections.Concurrent;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Sessions;
using ArrHost.ControlPlane.Store;
using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosts;

/// <summary>
/// The render hosts attached to this replica. Runs each host's agent stream (transport-agnostic:
/// the gRPC HostAgent service and in-process test agents both call <see cref="RunAsync"/>), turns
/// session changes into Lease and Release orders for the hosts attached here, and marks silent hosts Lost.
/// </summary>
internal sealed class HostRegistry
{
    private readonly ConcurrentDictionary<string, HostConnection> _attached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HostLiveStats> _live = new(StringComparer.Ordinal);
    private readonly IControlPlaneStore _store;
    private readonly SessionManager _sessions;
    private readonly TokenService _tokens;
    private readonly TimeProvider _clock;
    private readonly ControlPlaneOptions _options;
    private readonly ControlPlaneMetrics _metrics;
    private readonly ILogger<HostRegistry> _logger;

    public HostRegistry(IControlPlaneStore store, SessionManager sessions, SessionChangeFeed feed, TokenService tokens, TimeProvider clock,
        IOptions<ControlPlaneOptions> options, ControlPlaneMetrics metrics, ILogger<HostRegistry> logger)
    {
        _store = store;
        _sessions = sessions;
        _tokens = tokens;
        _clock = clock;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        feed.AddListener(OnSessionChanged);
    }

    public int AttachedCount => _attached.Count;

    /// <summary>What the last heartbeat of <paramref name="hostId"/> to this replica said; null when none came here.</summary>
    public HostLiveStats? Live(string hostId) => _live.TryGetValue(hostId, out var live) ? live : null;

    /// <summary>Serves one host's stream until it ends, the host is declared lost, or <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(IAsyncEnumerable<AgentMessage> inbound, Func<ControlMessage, CancellationToken, Task> send, CancellationToken ct)
    {
        var messages = inbound.GetAsyncEnumerator(ct);
        try
        {
            await RunCoreAsync(messages, send, ct);
        }
        finally
        {
            try
            {
                await messages.DisposeAsync();
            }
            catch (Exception)
            {
                // An abandoned read of a closed stream.
            }
        }
    }

    private async Task RunCoreAsync(IAsyncEnumerator<AgentMessage> messages, Func<ControlMessage, CancellationToken, Task> send, CancellationToken ct)
    {
        if (!await messages.MoveNextAsync() || messages.Current.BodyCase != AgentMessage.BodyOneofCase.Register)
            throw ArrException.BadRequest("The first message of HostAgent.Attach must be Register.");
        var reg = messages.Current.Register;
        ValidateRegistration(reg);

        var connection = new HostConnection(reg.HostId, reg.RenderEndpoint);
        var state = await RegisterAsync(reg, connection, ct);
        if (_attached.TryGetValue(reg.HostId, out var previous)) previous.Close();
        _attached[reg.HostId] = connection;
        Log.HostRegistered(_logger, reg.HostId, SessionRules.SizeName(reg.Size), reg.RenderEndpoint, reg.Region, state.ToString());

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, connection.Closed.Token);
        var writer = WriteLoopAsync(connection, send, linked.Token);
        try
        {
            connection.Send(new ControlMessage
            {
                Registered = new Registered
                {
                    HostId = reg.HostId,
                    HeartbeatIntervalMs = _options.HeartbeatIntervalMs,
                    HeartbeatTimeoutMs = _options.HeartbeatTimeoutMs,
                },
            });
            // A session that was waiting for this host (restart of either side) gets its order now.
            var host = await _store.GetHostAsync(reg.HostId, ct);
            if (host?.SessionAccountId is not null && host.SessionId is not null)
            {
                var s = await _store.GetSessionAsync(new SessionKey(host.SessionAccountId, host.SessionId), ct);
                if (s is not null)
                {
                    if (s.Status == SessionStatus.Ready) lock (connection) connection.LeaseSentFor = s.Key;
                    OnSessionChanged(new SessionChange(s, "HostRegistered"));
                }
            }

            while (await MoveNextAsync(messages, linked.Token))
            {
                await HandleAsync(connection, messages.Current, linked.Token);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
        }
        finally
        {
            _attached.TryRemove(new KeyValuePair<string, HostConnection>(reg.HostId, connection));
            connection.Close();
            try
            {
                await writer;
            }
            catch (Exception)
            {
                // The stream is gone; nothing left to tell the host.
            }
            Log.HostDetached(_logger, reg.HostId);
        }
    }

    private static async Task<bool> MoveNextAsync(IAsyncEnumerator<AgentMessage> messages, CancellationToken ct)
    {
        // The enumerator was created with the call's token; closing a lost host must also end the wait.
        var next = messages.MoveNextAsync().AsTask();
        if (next.IsCompleted) return await next;
        var closed = Task.Delay(Timeout.Infinite, ct);
        if (await Task.WhenAny(next, closed) == closed)
        {
            _ = next.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
        }
        return await next;
    }

    /// <summary>Marks hosts silent past the heartbeat timeout as Lost and fails their sessions.</summary>
    public async Task ScanAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var timeout = TimeSpan.FromMilliseconds(_options.HeartbeatTimeoutMs);
        foreach (var h in await _store.ListHostsAsync(ct))
        {
            if (h.State == HostState.Lost || h.Region != _options.Region || now - h.LastHeartbeat <= timeout) continue;
            await MarkLostAsync(h, now, ct);
        }
    }

    public async Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken ct) => await _store.ListHostsAsync(ct);

    private async Task MarkLostAsync(HostRecord h, DateTimeOffset now, CancellationToken ct)
    {
        if (!await _store.SetHostStateAsync(h.HostId, HostState.Lost, null,
                h.SessionId is null ? null : new SessionKey(h.SessionAccountId!, h.SessionId), ct)) return;
        _metrics.HostsLost.Add(1);
        Log.HostLost(_logger, h.HostId, (long)(now - h.LastHeartbeat).TotalMilliseconds);
        if (_attached.TryRemove(h.HostId, out var connection)) connection.Close();
        if (h.SessionAccountId is not null && h.SessionId is not null)
        {
            await _sessions.FailAsync(new SessionKey(h.SessionAccountId, h.SessionId), "HostLost",
                $"HostLost: render host {h.HostId} stopped responding (no heartbeat for {(now - h.LastHeartbeat).TotalSeconds:0.#} s).", ct);
        }
    }

    private void ValidateRegistration(RegisterHost reg)
    {
        if (!SessionRules.IsValidId(reg.HostId))
            throw ArrException.BadRequest("host_id must be 1 to 256 characters: letters, digits, '-' and '_'.");
        if (!string.Equals(reg.Region, _options.Region, StringComparison.Ordinal))
            throw ArrException.BadRequest($"This control plane serves region '{_options.Region}', not '{reg.Region}'.");
        SessionRules.ValidateSize(reg.Size);
        if (!Uri.TryCreate(reg.RenderEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.Port <= 0)
            throw ArrException.BadRequest("render_endpoint must be an absolute http(s) URI with a port, e.g. 'http://127.0.0.1:50061'.");
    }

    private async Task<HostState> RegisterAsync(RegisterHost reg, HostConnection connection, CancellationToken ct)
    {
        var previous = await _store.GetHostAsync(reg.HostId, ct);
        var state = HostState.Idle;
        SessionKey? keep = null;
        if (previous?.SessionAccountId is not null && previous.SessionId is not null && previous.State != HostState.Lost)
        {
            var key = new SessionKey(previous.SessionAccountId, previous.SessionId);
            var s = await _store.GetSessionAsync(key, ct);
            if (s is { IsActive: true } && s.HostId == reg.HostId)
            {
                if (s.Status == SessionStatus.Starting)
                {
                    state = HostState.Reserved;
                    keep = key;
                }
                else if (reg.CurrentSessionId == s.Id)
                {
                    state = HostState.Leased;
                    keep = key;
                }
                else
                {
                    await _sessions.FailAsync(key, "HostLost", $"HostLost: render host {reg.HostId} restarted and lost the session.", ct);
                }
            }
        }
        await _store.UpsertHostAsync(new HostRecord
        {
            HostId = reg.HostId,
            Region = reg.Region,
            Size = reg.Size,
            RenderEndpoint = reg.RenderEndpoint,
            State = state,
            SessionAccountId = keep?.AccountId,
            SessionId = keep?.Id,
            Capabilities = reg.Capabilities ?? new HostCapabilities(),
            LastHeartbeat = _clock.GetUtcNow(),
        }, ct);
        return state;
    }

    private async Task HandleAsync(HostConnection c, AgentMessage m, CancellationToken ct)
    {
        switch (m.BodyCase)
        {
            case AgentMessage.BodyOneofCase.Heartbeat:
                _live[c.HostId] = new HostLiveStats(m.Heartbeat.ClientConnected, m.Heartbeat.DeviceMemoryUsedBytes, m.Heartbeat.Frames ?? new HostFrameStats(), _clock.GetUtcNow());
                await _store.TouchHostAsync(c.HostId, _clock.GetUtcNow(), ct);
                break;
            case AgentMessage.BodyOneofCase.LeaseAccepted:
                {
                    var key = await SessionOfHostAsync(c, m.LeaseAccepted.SessionId, ct);
                    if (key is { } k) await _sessions.OnLeaseAcceptedAsync(k, c.HostId, c.RenderEndpoint, ct);
                    break;
                }
            case AgentMessage.BodyOneofCase.LeaseRejected:
                {
                    var key = await SessionOfHostAsync(c, m.LeaseRejected.SessionId, ct);
                    if (key is { } k)
                    {
                        lock (c) c.LeaseSentFor = null;
                        await _sessions.FailAsync(k, "HostFailed", $"HostFailed: render host {c.HostId} refused the session: {m.LeaseRejected.Message}", ct);
                        await _store.SetHostStateAsync(c.HostId, HostState.Idle, null, k, ct);
                    }
                    break;
                }
            case AgentMessage.BodyOneofCase.ReleaseCompleted:
                {
                    var r = m.ReleaseCompleted;
                    var key = await SessionOfHostAsync(c, r.SessionId, ct);
                    Log.HostReleased(_logger, c.HostId, r.SessionId, r.Clean);
                    if (key is not { } k) break;
                    lock (c)
                    {
                        if (c.LeaseSentFor == k) c.LeaseSentFor = null;
                    }
                    // A host that ends a session on its own fails it; then it is free (or lost if not clean).
                    await _sessions.FailAsync(k, "HostFailed", $"HostFailed: render host {c.HostId} ended the session.", ct);
                    await _store.SetHostStateAsync(c.HostId, r.Clean ? HostState.Idle : HostState.Lost, null, k, ct);
                    break;
                }
            case AgentMessage.BodyOneofCase.SessionFailed:
                {
                    var f = m.SessionFailed;
                    var key = await SessionOfHostAsync(c, f.SessionId, ct);
                    if (key is { } k)
                    {
                        var code = string.IsNullOrEmpty(f.Code) ? "HostFailed" : f.Code;
                        await _sessions.FailAsync(k, code, $"{code}: {f.Message}", ct);
                    }
                    break;
                }
            case AgentMessage.BodyOneofCase.Register:
                throw ArrException.BadRequest("Register may only be the first message.");
        }
    }

    /// <summary>The session a host message names: the one the host serves (session ids are unique per account only).</summary>
    private async Task<SessionKey?> SessionOfHostAsync(HostConnection c, string sessionId, CancellationToken ct)
    {
        var host = await _store.GetHostAsync(c.HostId, ct);
        if (host?.SessionAccountId is null || host.SessionId is null || !string.Equals(host.SessionId, sessionId, StringComparison.Ordinal))
            return null;
        return new SessionKey(host.SessionAccountId, host.SessionId);
    }

    /// <summary>Turns session changes into orders for hosts attached to this replica.</summary>
    private void OnSessionChanged(SessionChange change)
    {
        var s = change.Session;
        if (s.HostId is null || !_attached.TryGetValue(s.HostId, out var c)) return;
        ControlMessage? order = null;
        lock (c)
        {
            if (s.Status == SessionStatus.Starting && s.Stage == SessionManager.StageResettingHost && c.LeaseSentFor != s.Key)
            {
                c.LeaseSentFor = s.Key;
                order = new ControlMessage
                {
                    Lease = new LeaseOrder
                    {
                        SessionId = s.Id,
                        AccountId = s.AccountId,
                        ConnectionToken = _tokens.ConnectionToken(s),
                        Size = s.Size,
                        LeaseDeadline = Timestamp.FromDateTimeOffset(_clock.GetUtcNow() + (_options.LeaseMinute * s.MaxLeaseMinutes)),
                    },
                };
            }
            else if (s.IsEnded && c.LeaseSentFor == s.Key)
            {
                c.LeaseSentFor = null;
                var (reason, message) = s.Status switch
                {
                    SessionStatus.Stopped => (SessionEndReason.Stopped, "The session was stopped."),
                    SessionStatus.Expired => (SessionEndReason.Expired, "The session's lease expired."),
                    _ => (SessionEndReason.Error, s.ErrorMessage ?? "The session failed."),
                };
                order = new ControlMessage { Release = new ReleaseOrder { SessionId = s.Id, Reason = reason, Message = message } };
            }
        }
        if (order is not null) c.Send(order);
    }

    private static async Task WriteLoopAsync(HostConnection c, Func<ControlMessage, CancellationToken, Task> send, CancellationToken ct)
    {
        await foreach (var m in c.Outbox.Reader.ReadAllAsync(ct))
        {
            await send(m, ct);
        }
    }
}
