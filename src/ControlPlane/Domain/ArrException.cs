namespace ArrHost.ControlPlane.Domain;

/// <summary>A failure of a control-plane call with a stable code and a message for the caller.</summary>
internal sealed class ArrException : Exception
{
    public ArrException(ErrorKind kind, string code, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        RetryAfter = retryAfter;
    }

    public ErrorKind Kind { get; }

    /// <summary>The ARR error code, e.g. "BadRequest", "Conflict", "UnprocessableEntity".</summary>
    public string Code { get; }

    public TimeSpan? RetryAfter { get; }

    public static ArrException BadRequest(string message) => new(ErrorKind.BadRequest, "BadRequest", message);
    public static ArrException NotFound(string message) => new(ErrorKind.NotFound, "NotFound", message);
    public static ArrException Conflict(string message) => new(ErrorKind.Conflict, "Conflict", message);
    public static ArrException Unprocessable(string message) => new(ErrorKind.Unprocessable, "UnprocessableEntity", message);
    public static ArrException Unauthorized(string message) => new(ErrorKind.Unauthorized, "Unauthorized", message);
    public static ArrException SessionNotFound(string id) => NotFound($"Session '{id}' was not found in this account.");
}
