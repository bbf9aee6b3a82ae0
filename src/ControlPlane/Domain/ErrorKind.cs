namespace ArrHost.ControlPlane.Domain;

/// <summary>The kinds of failure a call can end with; mapped to HTTP and gRPC in <see cref="ErrorMapping"/> only.</summary>
internal enum ErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unprocessable,
    PayloadTooLarge,
    TooManyRequests,
    QuotaExceeded,
    Unavailable,
    Internal,
}
