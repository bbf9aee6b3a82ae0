namespace ArrHost.Client;

/// <summary>The error codes of <see cref="RemoteRenderingException.ErrorCode"/>.</summary>
public static class RemoteRenderingErrorCodes
{
    /// <summary>The session (or another named thing) does not exist for this account.</summary>
    public const string NotFound = "NotFound";

    /// <summary>The request was malformed or a value is out of range.</summary>
    public const string InvalidArgument = "InvalidArgument";

    /// <summary>The same session id exists with other settings.</summary>
    public const string Conflict = "Conflict";

    /// <summary>The request is not valid in the current state (e.g. a shorter lease, a stopped session).</summary>
    public const string FailedPrecondition = "FailedPrecondition";

    /// <summary>The account id/key or the token was refused.</summary>
    public const string Unauthenticated = "Unauthenticated";

    /// <summary>The credentials are valid but not allowed to do this.</summary>
    public const string PermissionDenied = "PermissionDenied";

    /// <summary>The server asked the client to slow down; see <see cref="RemoteRenderingException.RetryAfter"/>.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>The server could not be reached or is going away; retrying may help.</summary>
    public const string Unavailable = "Unavailable";

    /// <summary>The call's deadline passed.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The server failed.</summary>
    public const string Internal = "Internal";

    /// <summary>The session ended (stopped, expired or failed) before the operation completed.</summary>
    public const string SessionEnded = "SessionEnded";

    /// <summary>The session is not Ready, so there is nothing to connect to.</summary>
    public const string SessionNotReady = "SessionNotReady";

    /// <summary>Another client is connected to the session (the real service's OtherSessionConnected).</summary>
    public const string OtherSessionConnected = "OtherSessionConnected";

    /// <summary>The render connection is closed.</summary>
    public const string ConnectionClosed = "ConnectionClosed";

    /// <summary>The render host broke the protocol (an unexpected message).</summary>
    public const string ProtocolError = "ProtocolError";

    /// <summary>Anything else.</summary>
    public const string Unknown = "Unknown";
}
