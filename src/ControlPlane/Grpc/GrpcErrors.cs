using System.Globalization;
using ArrHost.ControlPlane.Domain;
using ArrHost.Rpc;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>ArrException as a gRPC status (codes from <see cref="ErrorMapping"/>), with retry info for RESOURCE_EXHAUSTED.</summary>
internal static class GrpcErrors
{
    /// <summary>Trailer with the milliseconds to wait before retrying (rate limiting).</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static Status ToStatus(Exception ex)
    {
        var e = ErrorMapping.Normalize(ex);
        return new Status((StatusCode)ErrorMapping.ToGrpcStatus(e.Kind), $"{e.Code}: {e.Message}");
    }

    public static RpcException ToRpcException(ArrException e)
    {
        var trailers = new Metadata();
        if (e.RetryAfter is { } retry)
        {
            trailers.Add(RetryAfterTrailer, ((long)Math.Ceiling(retry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture));
        }
        return new RpcException(ToStatus(e), trailers);
    }
}
