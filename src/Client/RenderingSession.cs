using System.Runtime.CompilerServices;
using ArrHost.Client.Internal.Mapping;

namespace ArrHost.Client;

/// <summary>
/// A rendering session of the account: its lifecycle on the control plane (properties, watch,
/// renew, stop) and its single render connection. Obtain one from <see cref="RemoteRenderingClient"/>.
/// Thread-safe.
/// </summary>
public sealed class RenderingSession : IAsyncDisposable
{
    private readonly RemoteRenderingClient _client;
    private readonly Lock _gate = new();
    private RenderingSessionProperties _properties;
    private RenderingConnection? _connection;
    private ConnectionStatus _status;

    internal RenderingSession(RemoteRenderingClient client, RenderingSessionProperties properties)
    {
        _client = client;
        _properties = properties;
        SessionUuid = properties.Id;
    }

    /// <summary>Raised when <see cref="ConnectionStatus"/> changes, with the reason (see <see cref="ConnectionStatusReasons"/>).
    /// Raised on the thread that observed the change; handlers must not block.</summary>
    public event EventHandler<ConnectionStatusChangedEventArgs>? ConnectionStatusChanged;

    /// <summary>The session id.</summary>
    public string SessionUuid { get; }

    /// <summary>The properties last received from the control plane (no call is made).</summary>
    public RenderingSessionProperties LastProperties
    {
        get
        {
            lock (_gate) return _properties;
        }
    }

    /// <summary>The state of the render connection.</summary>
    public ConnectionStatus ConnectionStatus
    {
        get
        {
            lock (_gate) return _status;
        }
    }

    /// <summary>Whether the render connection is open.</summary>
    public bool IsConnected => ConnectionStatus == ConnectionStatus.Connected;

    /// <summary>The render connection while connected (or connecting); null otherwise.</summary>
    public RenderingConnection? Connection
    {
        get
        {
            lock (_gate) return _connection;
        }
    }

    /// <summary>
    /// Asks the control plane for the session's current properties. Do not poll faster than the
    /// returned <see cref="RenderingSessionPropertiesResult.MinimumRetryDelay"/>; better, use
    /// <see cref="WaitForReadyAsync"/> or <see cref="WatchAsync"/>, which do not poll.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The properties and the minimum delay before asking again.</returns>
    public async Task<RenderingSessionPropertiesResult> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        var session = await _client.GetSessionAsync(SessionUuid, cancellationToken).ConfigureAwait(false);
        var properties = Remember(ProtoMapping.ToProperties(session));
        return new RenderingSessionPropertiesResult(properties, _client.AdvisedPollDelay());
    }

    /// <summary>
    /// Streams the session's current state, then every change, until it ends (Stopped, Expired or
    /// Error: that change is the last) or <paramref name="cancellationToken"/> is cancelled. Uses the
    /// server's watch stream, never polling; a dropped stream is reopened with back-off, and changes
    /// already seen are not repeated.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="RemoteRenderingException">The watch failed for good (e.g. <c>NotFound</c>, or the retries ran out).</exception>
    public async IAsyncEnumerable<RenderingSessionChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ulong lastSequence = 0;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var events = _client.WatchOnceAsync(SessionUuid, cancellationToken).GetAsyncEnumerator(cancellationToken);
            RemoteRenderingException? failure = null;
            await using (events.ConfigureAwait(false))
            {
                while (true)
                {
                    try
                    {
                        if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                    }
                    catch (RemoteRenderingException ex) when (ex.IsTransient)
                    {
                        failure = ex;
                        break;
                    }

                    var ev = events.Current;
                    if (ev.Session is null) continue;
                    failures = 0;
                    if (ev.Sequence != 0 && ev.Sequence <= lastSequence) continue;
                    lastSequence = ev.Sequence;
                    var properties = Remember(ProtoMapping.ToProperties(ev.Session));
                    yield return new RenderingSessionChange(properties, ev.Reason, ev.Sequence);
                    if (properties.IsEnded) yield break;
                }
            }

            // The stream ended or broke before the session did: reopen it after a back-off.
            var delay = _client.Retry.GetDelay(
                failures++,
                failure ?? new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "The session watch stream ended early."));
            if (delay is null)
            {
                throw failure ?? new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, $"The watch of session '{SessionUuid}' kept ending early.");
            }

            await Task.Delay(delay.Value, _client.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the session is Ready, reporting start-up progress (stage, fraction, estimated
    /// time left) as the control plane publishes it. Watches the session instead of polling, and
    /// reconnects the watch when it drops. Cancel <paramref name="cancellationToken"/> to stop waiting
    /// (the session keeps starting; stop it with <see cref="StopAsync"/>).
    /// </summary>
    /// <param name="progress">Receives start-up progress; may be null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The Ready session's properties.</returns>
    /// <exception cref="RemoteRenderingException"><c>SessionEnded</c> when the session stopped, expired or failed instead (the message carries its error).</exception>
    public async Task<RenderingSessionProperties> WaitForReadyAsync(IProgress<SessionStartupProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var change in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var p = change.Properties;
            switch (p.Status)
            {
                case RenderingSessionStatus.Ready:
                    progress?.Report(new SessionStartupProgress("Ready", 1, null));
                    return p;
                case RenderingSessionStatus.Starting when p.StartupProgress is { } startup:
                    progress?.Report(startup);
                    break;
                case RenderingSessionStatus.Stopped or RenderingSessionStatus.Expired or RenderingSessionStatus.Error:
                    throw EndedError(p);
            }
        }

        throw new RemoteRenderingException(RemoteRenderingErrorCodes.SessionEnded, $"The watch of session '{SessionUuid}' ended before it was Ready.");
    }

    /// <summary>
    /// Connects this client as the session's one device: opens the render stream to the session's
    /// host, sends the hello with the connection token and waits for the welcome. Cancelling
    /// <paramref name="cancellationToken"/> abandons the attempt.
    /// </summary>
    /// <param name="options">Codec, size, frame rate and buffering.</param>
    /// <param name="cancellationToken">Abandons the attempt (not the connection once open).</param>
    /// <returns>The open connection (also <see cref="Connection"/>).</returns>
    /// <exception cref="InvalidOperationException">Already connected or connecting.</exception>
    /// <exception cref="RemoteRenderingException">
    /// <c>SessionNotReady</c> or <c>SessionEnded</c>; <c>OtherSessionConnected</c> when another client
    /// holds the session; <c>Unauthenticated</c> for a refused token; <c>Unavailable</c> when the host cannot be reached after the retries of <see cref="RemoteRenderingClientOptions.Retry"/>.
    /// </exception>
    public async Task<RenderingConnection> ConnectAsync(RendererInitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (_gate)
        {
            if (_status != ConnectionStatus.Disconnected) throw new InvalidOperationException($"The session is already {_status}.");
            _status = ConnectionStatus.Connecting;
        }

        RaiseStatus(ConnectionStatus.Connecting, ConnectionStatusReasons.None, "");
        RenderingConnection connection;
        try
        {
            var properties = (await GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Properties;
            if (properties.IsEnded) throw EndedError(properties);
            if (properties.Status != RenderingSessionStatus.Ready || properties.RenderEndpoint.Length == 0)
            {
                throw new RemoteRenderingException(RemoteRenderingErrorCodes.SessionNotReady, $"Session '{SessionUuid}' is {properties.Status}, not Ready; wait for it with WaitForReadyAsync.");
            }

            // A host that cannot be reached for a moment (restarting, network blip) is tried again with back-off.
            connection = await _client.Retry.ExecuteAsync(
                ct => RenderingConnection.OpenAsync(_client.RenderTransport, properties, options, _client.Options.ClientName, OnConnectionClosed, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_gate) _status = ConnectionStatus.Disconnected;
            var reason = ex is RemoteRenderingException r ? ReasonFor(r.ErrorCode) : ConnectionStatusReasons.ConnectionLost;
            RaiseStatus(ConnectionStatus.Disconnected, reason, ex.Message);
            throw;
        }

        bool closedAlready;
        lock (_gate)
        {
            closedAlready = connection.Status == ConnectionStatus.Disconnected;
            if (!closedAlready)
            {
                _connection = connection;
                _status = ConnectionStatus.Connected;
            }
            else
            {
                _status = ConnectionStatus.Disconnected;
            }
        }

        if (closedAlready)
        {
            RaiseStatus(ConnectionStatus.Disconnected, connection.DisconnectReason ?? ConnectionStatusReasons.ConnectionLost, connection.DisconnectMessage ?? "");
        }
        else
        {
            RaiseStatus(ConnectionStatus.Connected, ConnectionStatusReasons.None, "");
        }

        return connection;
    }

    /// <summary>
    /// Disconnects at once without waiting (the status turns Disconnected with reason
    /// <c>Disconnected</c>); the goodbye to the host is sent in the background. Prefer
    /// <see cref="DisconnectAsync"/> where you can await.
    /// </summary>
    public void Disconnect()
    {
        var connection = Detach(ConnectionStatusReasons.Disconnected, "");
        if (connection is not null) _ = connection.DisposeAsync().AsTask();
    }

    /// <summary>Disconnects: says goodbye to the host, waits briefly for its answer and releases the stream.</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public async Task DisconnectAsync()
    {
        var connection = Detach(ConnectionStatusReasons.Disconnected, "");
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Extends the lease. <see cref="RenewalOptions.MaxLeaseInMinutes"/> is the new total (counted
    /// from Ready), larger than the current one and below 1440. Allowed while Starting.
    /// </summary>
    /// <param name="options">The new lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated properties.</returns>
    /// <exception cref="RemoteRenderingException"><c>FailedPrecondition</c> or <c>InvalidArgument</c> for a lease that is not larger or too large.</exception>
    public async Task<RenderingSessionProperties> RenewAsync(RenewalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxLeaseInMinutes is <= 0 or >= 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLeaseInMinutes, "MaxLeaseInMinutes must be 1..1439.");
        }

        var session = await _client.UpdateSessionAsync(SessionUuid, options.MaxLeaseInMinutes, cancellationToken).ConfigureAwait(false);
        return Remember(ProtoMapping.ToProperties(session));
    }

    /// <summary>
    /// Stops the session (irreversible). When connected, the connection ends with reason
    /// <c>SessionStopped</c> exactly once, whether the host's goodbye or this call's answer comes first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final properties.</returns>
    public async Task<RenderingSessionProperties> StopAsync(CancellationToken cancellationToken = default)
    {
        var session = await _client.StopSessionAsync(SessionUuid, cancellationToken).ConfigureAwait(false);
        var properties = Remember(ProtoMapping.ToProperties(session));
        var connection = Detach(ConnectionStatusReasons.SessionStopped, "The session was stopped.");
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        return properties;
    }

    /// <summary>Disconnects (see <see cref="DisconnectAsync"/>); the session stays alive on the server.</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public ValueTask DisposeAsync() => new(DisconnectAsync());

    private RenderingSessionProperties Remember(RenderingSessionProperties properties)
    {
        lock (_gate) _properties = properties;
        return properties;
    }

    /// <summary>Forgets the connection and reports Disconnected once; returns it for disposal.</summary>
    private RenderingConnection? Detach(string reason, string message)
    {
        RenderingConnection? connection;
        lock (_gate)
        {
            connection = _connection;
            if (connection is null) return null;
            _connection = null;
            _status = ConnectionStatus.Disconnected;
        }

        connection.MarkClosing(reason, message);
        RaiseStatus(ConnectionStatus.Disconnected, reason, message);
        return connection;
    }

    private void OnConnectionClosed(RenderingConnection connection, string reason, string message)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_connection, connection)) return;
            _connection = null;
            _status = ConnectionStatus.Disconnected;
        }

        RaiseStatus(ConnectionStatus.Disconnected, reason, message);
        _ = connection.DisposeAsync().AsTask();
    }

    private void RaiseStatus(ConnectionStatus status, string reason, string message) =>
        ConnectionStatusChanged?.Invoke(this, new ConnectionStatusChangedEventArgs(status, reason, message));

    private static string ReasonFor(string errorCode) => errorCode switch
    {
        RemoteRenderingErrorCodes.OtherSessionConnected => ConnectionStatusReasons.OtherSessionConnected,
        RemoteRenderingErrorCodes.Unauthenticated => ConnectionStatusReasons.Unauthenticated,
        RemoteRenderingErrorCodes.NotFound => ConnectionStatusReasons.NotFound,
        RemoteRenderingErrorCodes.SessionEnded => ConnectionStatusReasons.SessionStopped,
        RemoteRenderingErrorCodes.ProtocolError => ConnectionStatusReasons.ProtocolError,
        _ => ConnectionStatusReasons.ConnectionLost,
    };

    private RemoteRenderingException EndedError(RenderingSessionProperties p) =>
        new(RemoteRenderingErrorCodes.SessionEnded,
            p.Status == RenderingSessionStatus.Error
                ? $"Session '{SessionUuid}' failed: {p.ErrorCode}: {p.ErrorMessage}"
                : $"Session '{SessionUuid}' is {p.Status}.");
}
