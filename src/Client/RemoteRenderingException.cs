namespace ArrHost.Client;

/// <summary>
/// A call to the region failed. <see cref="ErrorCode"/> is one of <see cref="RemoteRenderingErrorCodes"/>
/// (or a code the server sent that the SDK does not know), stable for programs to branch on.
/// </summary>
public sealed class RemoteRenderingException : Exception
{
    /// <summary>Creates an exception with a code and a message for people.</summary>
    /// <param name="errorCode">A stable code, e.g. <see cref="RemoteRenderingErrorCodes.NotFound"/>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RemoteRenderingException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>A stable code, e.g. <c>NotFound</c>, <c>RateLimited</c>, <c>OtherSessionConnected</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The delay the server asked for before trying again (rate limiting); null when none.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether the failure is transient: trying again later may succeed.</summary>
    public bool IsTransient => ErrorCode is RemoteRenderingErrorCodes.Unavailable or RemoteRenderingErrorCodes.RateLimited;
}
