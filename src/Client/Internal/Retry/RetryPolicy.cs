namespace ArrHost.Client.Internal.Retry;

/// <summary>
/// Retries transient failures (<see cref="RemoteRenderingErrorCodes.Unavailable"/> and
/// <see cref="RemoteRenderingErrorCodes.RateLimited"/>) with exponential back-off and jitter, never
/// sooner than the server asked.
/// </summary>
internal sealed class RetryPolicy
{
    private readonly RetryOptions _options;
    private readonly Func<double> _random;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public RetryPolicy(RetryOptions options, Func<double>? random = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _options = options;
        _random = random ?? Random.Shared.NextDouble;
        _delay = delay ?? Task.Delay;
    }

    private long _serverDelayTicks;
    private long _serverDelayAtMs = long.MinValue;

    /// <summary>The server-requested delay seen last, if seen within <paramref name="within"/>; zero otherwise.</summary>
    public TimeSpan RecentServerDelay(TimeSpan within)
    {
        var at = Interlocked.Read(ref _serverDelayAtMs);
        if (at == long.MinValue || Environment.TickCount64 - at > within.TotalMilliseconds) return TimeSpan.Zero;
        return TimeSpan.FromTicks(Interlocked.Read(ref _serverDelayTicks));
    }

    /// <summary>The delay before retry <paramref name="attempt"/> (0-based), or null when the call should fail now.</summary>
    public TimeSpan? GetDelay(int attempt, RemoteRenderingException error)
    {
        if (!error.IsTransient || attempt >= _options.MaxRetries) return null;
        var backoffMs = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.InitialDelay.TotalMilliseconds * Math.Pow(2, attempt));
        var jittered = TimeSpan.FromMilliseconds(backoffMs * (0.5 + (_random() * 0.5)));
        if (error.RetryAfter is not { } server) return jittered;
        if (server > _options.MaxServerDelay) return null;

        // Honour the server: wait at least what it asked, plus up to 10 % so that clients told the
        // same delay do not all come back at once.
        var honoured = server + TimeSpan.FromMilliseconds(server.TotalMilliseconds * 0.1 * _random());
        return honoured > jittered ? honoured : jittered;
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteRenderingException ex) when (ex.IsTransient)
            {
                if (ex.RetryAfter is { } server)
                {
                    Interlocked.Exchange(ref _serverDelayTicks, server.Ticks);
                    Interlocked.Exchange(ref _serverDelayAtMs, Environment.TickCount64);
                }

                var delay = GetDelay(attempt, ex);
                if (delay is null) throw;
                await _delay(delay.Value, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
