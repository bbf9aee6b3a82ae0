using System.Runtime.CompilerServices;
using ArrHost.Client.Internal.Auth;
using ArrHost.Client.Internal.Mapping;
using ArrHost.Client.Internal.Retry;
using ArrHost.Client.Internal.Transport;
using ArrHost.Protos.V1;

namespace ArrHost.Client;

/// <summary>
/// The entry point of the SDK: creates, opens and lists rendering sessions of one account in one
/// region. Exchanges the account key for an access token, caches it and refreshes it before it
/// expires; retries transient failures with back-off that honours the server's retry delay.
/// Thread-safe; dispose it when done.
/// </summary>
/// <example>
/// <code>
/// using var client = new RemoteRenderingClient(new RemoteRenderingClientOptions
/// {
///     Endpoint = new Uri("http://127.0.0.1:50050"), AccountId = id, AccountKey = key,
/// });
/// var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { MaxLeaseInMinutes = 30 });
/// await session.WaitForReadyAsync(new Progress&lt;SessionStartupProgress&gt;(p => Console.WriteLine(p.Stage)));
/// await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Jpeg });
/// var model = await connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:spheres" });
/// </code>
/// </example>
public sealed class RemoteRenderingClient : IDisposable
{
    private readonly ISessionsTransport _sessions;
    private readonly TokenCache _tokens;
    private int _disposed;

    /// <summary>Creates a client for the control plane and account in <paramref name="options"/>.</summary>
    /// <param name="options">Where and as whom to connect; validated here.</param>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public RemoteRenderingClient(RemoteRenderingClientOptions options)
        : this(Checked(options), Internal.Rpc.RpcTransports.CreateSessions(options), Internal.Rpc.RpcTransports.CreateRender(options), TimeProvider.System, null)
    {
    }

    internal RemoteRenderingClient(
        RemoteRenderingClientOptions options,
        ISessionsTransport sessions,
        IRenderTransport render,
        TimeProvider time,
        RetryPolicy? retry)
    {
        Options = options;
        _sessions = sessions;
        RenderTransport = render;
        Time = time;
        Retry = retry ?? new RetryPolicy(options.Retry);
        _tokens = new TokenCache(FetchTokenAsync, time, options.TokenRefreshMargin);
    }

    /// <summary>The options the client was created with.</summary>
    public RemoteRenderingClientOptions Options { get; }

    internal IRenderTransport RenderTransport { get; }

    internal TimeProvider Time { get; }

    internal RetryPolicy Retry { get; }

    /// <summary>
    /// Creates a session and returns at once (status Starting); follow it with
    /// <see cref="RenderingSession.WaitForReadyAsync"/>. Retries are idempotent: the SDK chooses the
    /// session id before the first attempt when <see cref="RenderingSessionCreationOptions.SessionId"/> is null.
    /// </summary>
    /// <param name="options">Size, lease and optional id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="RemoteRenderingException">The region refused or failed (e.g. <c>Conflict</c> for the same id with other settings).</exception>
    public async Task<RenderingSession> CreateNewRenderingSessionAsync(RenderingSessionCreationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();
        var id = options.SessionId ?? Guid.NewGuid().ToString();
        ValidateSessionId(id);
        if (options.MaxLeaseInMinutes is < 0 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLeaseInMinutes, "MaxLeaseInMinutes must be 0..1440.");
        }

        var request = new CreateSessionRequest
        {
            SessionId = id,
            Size = ProtoMapping.ToProto(options.Size),
            MaxLeaseTimeMinutes = options.MaxLeaseInMinutes,
        };
        var session = await CallAsync((auth, ct) => _sessions.CreateSessionAsync(request, auth, ct), cancellationToken).ConfigureAwait(false);
        return new RenderingSession(this, ProtoMapping.ToProperties(session));
    }

    /// <summary>Opens an existing session of the account by id.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session.</returns>
    /// <exception cref="RemoteRenderingException"><c>NotFound</c> when the account has no such session.</exception>
    public async Task<RenderingSession> OpenRenderingSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ValidateSessionId(sessionId);
        ThrowIfDisposed();
        var session = await GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return new RenderingSession(this, ProtoMapping.ToProperties(session));
    }

    /// <summary>Lists the account's sessions that are Starting or Ready, newest first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Their properties.</returns>
    public Task<IReadOnlyList<RenderingSessionProperties>> GetCurrentRenderingSessionsAsync(CancellationToken cancellationToken = default) =>
        GetRenderingSessionsAsync(includeEnded: false, cancellationToken);

    /// <summary>Lists the account's sessions, newest first, optionally with the ended ones still kept (30 days).</summary>
    /// <param name="includeEnded">Include Stopped, Expired and Error sessions.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Their properties.</returns>
    public async Task<IReadOnlyList<RenderingSessionProperties>> GetRenderingSessionsAsync(bool includeEnded, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var all = new List<RenderingSessionProperties>();
        var pageToken = "";
        do
        {
            var request = new ListSessionsRequest { PageSize = 100, PageToken = pageToken, IncludeEnded = includeEnded };
            var page = await CallAsync((auth, ct) => _sessions.ListSessionsAsync(request, auth, ct), cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Sessions.Select(ProtoMapping.ToProperties));
            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        return all;
    }

    /// <summary>Releases the client's connections. Sessions stay alive on the server.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _sessions.Dispose();
        _tokens.Dispose();
    }

    internal Task<Session> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var request = new GetSessionRequest { SessionId = sessionId };
        return CallAsync((auth, ct) => _sessions.GetSessionAsync(request, auth, ct), cancellationToken);
    }

    internal Task<Session> UpdateSessionAsync(string sessionId, int maxLeaseMinutes, CancellationToken cancellationToken)
    {
        var request = new UpdateSessionRequest { SessionId = sessionId, MaxLeaseTimeMinutes = maxLeaseMinutes };
        return CallAsync((auth, ct) => _sessions.UpdateSessionAsync(request, auth, ct), cancellationToken);
    }

    internal Task<Session> StopSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var request = new StopSessionRequest { SessionId = sessionId };
        return CallAsync((auth, ct) => _sessions.StopSessionAsync(request, auth, ct), cancellationToken);
    }

    /// <summary>One watch stream: the session's events until the server ends it; transport failures throw.</summary>
    internal async IAsyncEnumerable<SessionEvent> WatchOnceAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var request = new WatchSessionRequest { SessionId = sessionId };
        var events = _sessions.WatchSessionAsync(request, "Bearer " + token, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false)) yield break;
                }
                catch (RemoteRenderingException ex) when (ex.ErrorCode == RemoteRenderingErrorCodes.Unauthenticated)
                {
                    _tokens.Invalidate(token);
                    throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "The access token was refused; fetching a new one.", ex);
                }

                yield return events.Current;
            }
        }
    }

    /// <summary>The poll interval to advise: the configured one, or a recent server-requested delay when longer.</summary>
    internal TimeSpan AdvisedPollDelay()
    {
        var server = Retry.RecentServerDelay(TimeSpan.FromMinutes(1));
        return server > Options.MinimumPollInterval ? server : Options.MinimumPollInterval;
    }

    /// <summary>Runs a call with a fresh token, retrying transient failures and a refused (stale) token once.</summary>
    internal Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Retry.ExecuteAsync(
            async ct =>
            {
                var token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
                try
                {
                    return await call("Bearer " + token, ct).ConfigureAwait(false);
                }
                catch (RemoteRenderingException ex) when (ex.ErrorCode == RemoteRenderingErrorCodes.Unauthenticated)
                {
                    _tokens.Invalidate(token);
                    token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
                    return await call("Bearer " + token, ct).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    internal static void ValidateSessionId(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (sessionId.Length is 0 or > 256 || !sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("A session id is 1-256 letters, digits, '-' or '_'.", nameof(sessionId));
        }
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var request = new GetAccessTokenRequest { AccountId = Options.AccountId };
        var auth = $"Bearer {Options.AccountId}:{Options.AccountKey}";
        AccessToken token;
        try
        {
            token = await _sessions.GetAccessTokenAsync(request, auth, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteRenderingException ex) when (ex.ErrorCode is RemoteRenderingErrorCodes.Unauthenticated or RemoteRenderingErrorCodes.PermissionDenied)
        {
            throw new RemoteRenderingException(ex.ErrorCode, $"The account id or key was refused: {ex.Message}", ex);
        }

        var expires = token.ExpiresAt?.ToDateTimeOffset() ?? Time.GetUtcNow().AddHours(1);
        return (token.Token, expires);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static RemoteRenderingClientOptions Checked(RemoteRenderingClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
