using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Sessions;

/// <summary>
/// The one session this host serves and the one client connected to it. Thread-safe: the agent
/// link changes the lease, connections enter and leave.
/// </summary>
internal sealed class SessionSlot
{
    private readonly Lock _gate = new();
    private Lease? _lease;
    private object? _client;
    private bool _leaving;
    private TaskCompletionSource? _clientLeft;

    /// <summary>How long a new client waits for a previous one that is already leaving (its scene being freed).</summary>
    public static readonly TimeSpan LeavingWait = TimeSpan.FromSeconds(10);

    public Lease? Current
    {
        get
        {
            lock (_gate) return _lease;
        }
    }

    public bool ClientConnected
    {
        get
        {
            lock (_gate) return _client is not null;
        }
    }

    /// <summary>Raised when the render loop fails so the agent can fail the session.</summary>
    public event Action<string, string, string>? SessionFailed;

    /// <summary>Accepts a lease; refuses when another session is still leased.</summary>
    public bool TryAccept(LeaseOrder order, out string reason)
    {
        lock (_gate)
        {
            if (_lease is not null && _lease.SessionId != order.SessionId)
            {
                reason = $"host is leased to session {_lease.SessionId}";
                return false;
            }

            _lease?.Dispose();
            _lease = new Lease(order);
            reason = "";
            return true;
        }
    }

    /// <summary>Ends the lease: closes the client with the reason and waits until it has left and its scene is freed.</summary>
    public async Task<bool> ReleaseAsync(string sessionId, GoodbyeReason reason, string message, TimeSpan wait)
    {
        Lease? lease;
        Task? left;
        lock (_gate)
        {
            lease = _lease;
            if (lease is null || lease.SessionId != sessionId) return true;
            lease.End(reason, message);
            left = _clientLeft?.Task;
        }

        var clean = true;
        if (left is not null)
        {
            clean = await Task.WhenAny(left, Task.Delay(wait)).ConfigureAwait(false) == left;
        }

        lock (_gate)
        {
            if (ReferenceEquals(_lease, lease))
            {
                _lease = null;
                lease.Dispose();
            }
        }

        return clean;
    }

    /// <summary>
    /// Admits a client, waiting first for a previous client that has already left but whose scene is
    /// still being freed (a quick reconnect is not "another client").
    /// </summary>
    public async Task<ClientAdmission> TryEnterAsync(string sessionId, string token, object client, CancellationToken ct)
    {
        Task? leaving;
        lock (_gate) leaving = _client is not null && _leaving ? _clientLeft?.Task : null;
        if (leaving is not null)
        {
            try
            {
                await leaving.WaitAsync(LeavingWait, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fall through: still occupied, refused below.
            }
        }

        return TryEnter(sessionId, token, client);
    }

    /// <summary>The connection's stream has ended; it is freeing its scene.</summary>
    public void MarkLeaving(object client)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_client, client)) _leaving = true;
        }
    }

    /// <summary>Admits a client to the leased session, or says why not.</summary>
    public ClientAdmission TryEnter(string sessionId, string token, object client)
    {
        lock (_gate)
        {
            if (_lease is null || _lease.SessionId != sessionId || _lease.Ended.IsCancellationRequested)
            {
                return new ClientAdmission(null, "NotFound", $"this host does not serve session '{sessionId}'");
            }

            if (!_lease.TokenMatches(token))
            {
                return new ClientAdmission(null, "Unauthenticated", "the connection token is wrong or stale");
            }

            if (_client is not null)
            {
                return new ClientAdmission(null, "OtherSessionConnected", "another client is connected to this session");
            }

            _client = client;
            _leaving = false;
            _clientLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ClientAdmission(_lease, "", "");
        }
    }

    /// <summary>Called by a connection after its scene and GPU resources are freed.</summary>
    public void Leave(object client)
    {
        TaskCompletionSource? left = null;
        lock (_gate)
        {
            if (!ReferenceEquals(_client, client)) return;
            _client = null;
            _leaving = false;
            left = _clientLeft;
            _clientLeft = null;
        }

        left?.TrySetResult();
    }

    public void ReportFailure(string sessionId, string code, string message) => SessionFailed?.Invoke(sessionId, code, message);
}
