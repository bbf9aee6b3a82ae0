namespace ArrHost.Client;

/// <summary>
/// Retries of calls that fail with a transient error (the server unavailable, or rate limited).
/// The delay before retry <c>n</c> (0-based) is <c>min(MaxDelay, InitialDelay * 2^n)</c> scaled by a
/// random factor in [0.5, 1] (jitter), and never shorter than the delay the server asked for.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retries. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The back-off before the first retry, before jitter. Default 200 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest back-off the SDK chooses by itself. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest server-requested delay the SDK waits; a longer request fails the call at once
    /// with the server's error (its <see cref="RemoteRenderingException.RetryAfter"/> says how long). Default 60 s.
    /// </summary>
    public TimeSpan MaxServerDelay { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (MaxRetries < 0) throw new ArgumentException("MaxRetries must not be negative.", nameof(MaxRetries));
        if (InitialDelay <= TimeSpan.Zero) throw new ArgumentException("InitialDelay must be positive.", nameof(InitialDelay));
        if (MaxDelay < InitialDelay) throw new ArgumentException("MaxDelay must be at least InitialDelay.", nameof(MaxDelay));
        if (MaxServerDelay < TimeSpan.Zero) throw new ArgumentException("MaxServerDelay must not be negative.", nameof(MaxServerDelay));
    }
}
