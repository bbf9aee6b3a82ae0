namespace ArrHost.Client;

/// <summary>The answer of <see cref="RenderingSession.GetPropertiesAsync"/>.</summary>
/// <param name="Properties">The session's state.</param>
/// <param name="MinimumRetryDelay">
/// Wait at least this long before asking again: the configured poll interval, or longer when the
/// server has asked the client to slow down. Prefer <see cref="RenderingSession.WaitForReadyAsync"/>
/// or <see cref="RenderingSession.WatchAsync"/>, which never poll.
/// </param>
public sealed record RenderingSessionPropertiesResult(RenderingSessionProperties Properties, TimeSpan MinimumRetryDelay);
