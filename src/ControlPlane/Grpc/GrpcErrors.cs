using System.Globalization;
using ArrHost.ControlPlane.Domain;
using Grpc.Core;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>ArrException as a gRPC status (codes from <see cref="ErrorMapping"/>), with retry info for RESOURCE_EXHAUSTED.</summary>
internal static class GrpcErrors
{
    /// <summary>Trailer with the milliseconds to wait before retrying (rate limiting).</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static RpcException ToRpcException(Exception ex)
    {
        var e = ErrorMapping.Normalize(ex);
        var trailers = new Metadata();
        if (e.RetryAfter is { } retry)
        {
            trailers.Add(RetryAfterTrailer, ((long)Math.Ceiling(retry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture));
        }
        return new RpcException(new Status((StatusCode)ErrorMapping.ToGrpcStatus(e.Kind), $"{e.Code}: {e.Message}"), trailers);
    }
}
