using System.Net;

namespace ArrHost.ControlPlane.Domain;

/// <summary>The one place where failures become HTTP statuses (REST) and gRPC status codes.</summary>
internal static class ErrorMapping
{
    public static int ToHttpStatus(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => (int)HttpStatusCode.BadRequest,
        ErrorKind.Unauthorized => (int)HttpStatusCode.Unauthorized,
        ErrorKind.Forbidden => (int)HttpStatusCode.Forbidden,
        ErrorKind.NotFound => (int)HttpStatusCode.NotFound,
        ErrorKind.Conflict => (int)HttpStatusCode.Conflict,
        ErrorKind.Unprocessable => (int)HttpStatusCode.UnprocessableEntity,
        ErrorKind.PayloadTooLarge => (int)HttpStatusCode.RequestEntityTooLarge,
        ErrorKind.TooManyRequests => (int)HttpStatusCode.TooManyRequests,
        ErrorKind.QuotaExceeded => (int)HttpStatusCode.Forbidden,
        ErrorKind.Unavailable => (int)HttpStatusCode.ServiceUnavailable,
        _ => (int)HttpStatusCode.InternalServerError,
    };

    /// <summary>gRPC status code numbers (grpc/doc/statuscodes.md).</summary>
    public static int ToGrpcStatus(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 3,        // INVALID_ARGUMENT
        ErrorKind.Unauthorized => 16,     // UNAUTHENTICATED
        ErrorKind.Forbidden => 7,         // PERMISSION_DENIED
        ErrorKind.NotFound => 5,          // NOT_FOUND
        ErrorKind.Conflict => 6,          // ALREADY_EXISTS
        ErrorKind.Unprocessable => 9,     // FAILED_PRECONDITION
        ErrorKind.PayloadTooLarge => 8,   // RESOURCE_EXHAUSTED
        ErrorKind.TooManyRequests => 8,   // RESOURCE_EXHAUSTED
        ErrorKind.QuotaExceeded => 8,     // RESOURCE_EXHAUSTED
        ErrorKind.Unavailable => 14,      // UNAVAILABLE
        _ => 13,                          // INTERNAL
    };

    /// <summary>Any exception as an <see cref="ArrException"/>; unknown failures hide their details.</summary>
    public static ArrException Normalize(Exception ex) => ex as ArrException
        ?? new ArrException(ErrorKind.Internal, "InternalServerError", "The control plane failed to handle the request.");
}
