using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Responses written before any handler runs (trailers-only, or a plain HTTP error).</summary>
internal static class GrpcServerResponses
{
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcProtocolConstants.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (contentType.Length == GrpcProtocolConstants.ContentType.Length)
        {
            return true;
        }
        var next = contentType[GrpcProtocolConstants.ContentType.Length];
        return next == '+' || next == ';';
    }

    /// <summary>Sets the status into the response headers (trailers-only response).</summary>
    public static void SetTrailersOnlyStatus(HttpResponse response, Status status)
    {
        response.Headers[GrpcProtocolConstants.StatusTrailer] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.Headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }
    }

    public static Task WriteUnsupportedContentTypeAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        SetTrailersOnlyStatus(response, StatusMapping.UnsupportedContentType(context.Request.ContentType));
        return Task.CompletedTask;
    }

    public static Task WriteProtocolErrorAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status426UpgradeRequired;
        response.Headers.Upgrade = "h2c";
        SetTrailersOnlyStatus(response, new Status(StatusCode.Internal, $"Request protocol '{context.Request.Protocol}' is not supported."));
        return Task.CompletedTask;
    }

    public static Task WriteUnimplementedAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocolConstants.ContentType;
        SetTrailersOnlyStatus(response, StatusMapping.MethodUnimplemented);
        return Task.CompletedTask;
    }
}
