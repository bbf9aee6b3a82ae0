namespace ArrHost.Client;

/// <summary>The reasons of <see cref="ConnectionStatusChangedEventArgs.Reason"/>.</summary>
public static class ConnectionStatusReasons
{
    /// <summary>No particular reason (e.g. Connecting, Connected).</summary>
    public const string None = "None";

    /// <summary>The application disconnected.</summary>
    public const string Disconnected = "Disconnected";

    /// <summary>The stream broke (network failure, host crash).</summary>
    public const string ConnectionLost = "ConnectionLost";

    /// <summary>The session was stopped.</summary>
    public const string SessionStopped = "SessionStopped";

    /// <summary>The session's lease ran out.</summary>
    public const string SessionExpired = "SessionExpired";

    /// <summary>The session failed on the host.</summary>
    public const string SessionError = "SessionError";

    /// <summary>Another client is connected to the session.</summary>
    public const string OtherSessionConnected = "OtherSessionConnected";

    /// <summary>The connection token was refused.</summary>
    public const string Unauthenticated = "Unauthenticated";

    /// <summary>The host does not serve this session (any more).</summary>
    public const string NotFound = "NotFound";

    /// <summary>The host is shutting down.</summary>
    public const string HostShutdown = "HostShutdown";

    /// <summary>One side broke the protocol.</summary>
    public const string ProtocolError = "ProtocolError";
}
