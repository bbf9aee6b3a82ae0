using System.Globalization;
using Grpc.Core;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>Turns every <see cref="RpcException"/> into one <see cref="RemoteRenderingException"/>, in one place.</summary>
internal static class RpcErrors
{
    /// <summary>Trailer with the retry delay in milliseconds.</summary>
    public const string RetryAfterMsKey = "retry-after-ms";

    /// <summary>Trailer with the retry delay in seconds (as HTTP's Retry-After).</summary>
    public const string RetryAfterKey = "retry-after";

    public static Exception Map(RpcException ex, CancellationToken cancellationToken)
    {
        if (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
        }

        var code = ex.StatusCode switch
        {
            StatusCode.NotFound => RemoteRenderingErrorCodes.NotFound,
            StatusCode.InvalidArgument => RemoteRenderingErrorCodes.InvalidArgument,
            StatusCode.AlreadyExists or StatusCode.Aborted => RemoteRenderingErrorCodes.Conflict,
            StatusCode.FailedPrecondition or StatusCode.OutOfRange => RemoteRenderingErrorCodes.FailedPrecondition,
            StatusCode.Unauthenticated => RemoteRenderingErrorCodes.Unauthenticated,
            StatusCode.PermissionDenied => RemoteRenderingErrorCodes.PermissionDenied,
            StatusCode.ResourceExhausted => RemoteRenderingErrorCodes.RateLimited,
            StatusCode.Unavailable or StatusCode.Cancelled => RemoteRenderingErrorCodes.Unavailable,
            StatusCode.DeadlineExceeded => RemoteRenderingErrorCodes.Timeout,
            StatusCode.Internal or StatusCode.DataLoss or StatusCode.Unknown => RemoteRenderingErrorCodes.Internal,
            _ => RemoteRenderingErrorCodes.Unknown,
        };

        return new RemoteRenderingException(code, Describe(ex), ex) { RetryAfter = ReadRetryAfter(ex.Trailers) };
    }

    public static TimeSpan? ReadRetryAfter(Metadata? trailers)
    {
        if (trailers is null) return null;
        var ms = trailers.GetValue(RetryAfterMsKey);
        if (ms is not null && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var msValue) && msValue >= 0)
        {
            return TimeSpan.FromMilliseconds(msValue);
        }

        var seconds = trailers.GetValue(RetryAfterKey);
        if (seconds is not null && double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var sValue) && sValue >= 0)
        {
            return TimeSpan.FromSeconds(sValue);
        }

        return null;
    }

    private static string Describe(RpcException ex)
    {
        var detail = ex.Status.Detail;
        return string.IsNullOrEmpty(detail) ? $"The server answered {ex.StatusCode}." : detail;
    }
}
