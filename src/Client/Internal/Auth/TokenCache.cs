namespace ArrHost.Client.Internal.Auth;

/// <summary>
/// Caches the account's access token and fetches a new one when it is missing, invalidated, or
/// within the refresh margin of its expiry. Concurrent callers share one fetch.
/// </summary>
internal sealed class TokenCache : IDisposable
{
    private readonly Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresAt)>> _fetch;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshMargin;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;

    public TokenCache(Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresAt)>> fetch, TimeProvider time, TimeSpan refreshMargin)
    {
        _fetch = fetch;
        _time = time;
        _refreshMargin = refreshMargin;
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_current, out var token)) return token;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh(_current, out token)) return token;
            var (fetched, expiresAt) = await _fetch(cancellationToken).ConfigureAwait(false);
            _current = new Entry(fetched, expiresAt);
            return fetched;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the token if it is still the one given (after the server refused it).</summary>
    public void Invalidate(string token)
    {
        if (_current is { } c && c.Token == token) _current = null;
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(Entry? entry, out string token)
    {
        if (entry is { } e && _time.GetUtcNow() < e.ExpiresAt - _refreshMargin)
        {
            token = e.Token;
            return true;
        }

        token = "";
        return false;
    }

    private sealed record Entry(string Token, DateTimeOffset ExpiresAt);
}
