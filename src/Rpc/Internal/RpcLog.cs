using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal;

/// <summary>Every log message of ArrHost.Rpc, with stable event ids.</summary>
internal static partial class RpcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Call {Method} started.")]
    public static partial void CallStarting(ILogger logger, string method);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallEnded(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Error in call {Method}: the handler threw.")]
    public static partial void HandlerError(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelledByClient(ILogger logger, string method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Rejected request to {Path}: unsupported content type '{ContentType}'.")]
    public static partial void UnsupportedContentType(ILogger logger, string path, string? contentType);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Call to unknown method {Path}.")]
    public static partial void UnimplementedMethod(ILogger logger, string path);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Invalid grpc-timeout header value '{Value}' ignored.")]
    public static partial void InvalidTimeout(ILogger logger, string value);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Call {Method} failed: {StatusCode} {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Client call {Path} started.")]
    public static partial void ClientCallStarting(ILogger logger, string path);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Client call {Path} ended with {StatusCode}: {Detail}")]
    public static partial void ClientCallEnded(ILogger logger, string path, StatusCode statusCode, string detail);
}
