using System.Net;
using System.Net.Http;

namespace ArrHost.Rpc.Internal;

/// <summary>Fixed statuses and the mappings from HTTP and transport failures: every status this library invents comes from here.</summary>
internal static class StatusMapping
{
    public static readonly Status ReceiveMessageTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");
    public static readonly Status SendMessageTooLarge = new(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
    public static readonly Status IncompleteMessage = new(StatusCode.Internal, "Incomplete message.");
    public static readonly Status InvalidMessage = new(StatusCode.Internal, "Error parsing message: the payload is not a valid protobuf message.");
    public static readonly Status BadCompressedFlag = new(StatusCode.Internal, "Invalid compressed flag in message header.");
    public static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Compressed message received but no grpc-encoding was specified.");
    public static readonly Status InvalidCompressedData = new(StatusCode.Internal, "Error decompressing message.");
    public static readonly Status MissingRequestMessage = new(StatusCode.Internal, "Request did not include a message.");
    public static readonly Status AdditionalRequestData = new(StatusCode.Internal, "Additional data after the request message.");
    public static readonly Status MissingResponseMessage = new(StatusCode.Internal, "Failed to deserialize response message: the response has no message.");
    public static readonly Status AdditionalResponseData = new(StatusCode.Internal, "Additional data after the response message.");
    public static readonly Status MissingStatus = new(StatusCode.Internal, "No grpc-status found on response.");
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    public static readonly Status CancelledByClient = new(StatusCode.Cancelled, "Call canceled by the client.");
    public static readonly Status CancelledByPeer = new(StatusCode.Cancelled, "Call canceled: the HTTP/2 stream was reset by the peer.");
    public static readonly Status HandlerException = new(StatusCode.Unknown, "Exception was thrown by handler.");
    public static readonly Status MethodUnimplemented = new(StatusCode.Unimplemented, "Method is unimplemented.");

    public static Status UnsupportedEncoding(string? encoding) =>
        new(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocolConstants.AcceptEncodingValue}");

    public static Status UnsupportedContentType(string? contentType) =>
        new(StatusCode.Internal, $"Content-Type '{contentType}' is not supported.");

    /// <summary>gRPC's mapping of a non-200 HTTP status (doc/http-grpc-status-mapping.md).</summary>
    public static Status FromHttpStatus(HttpStatusCode code)
    {
        var statusCode = code switch
        {
            HttpStatusCode.BadRequest => StatusCode.Internal,
            HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
            HttpStatusCode.NotFound => StatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };
        return new Status(statusCode, $"Bad gRPC response. HTTP status code: {(int)code}");
    }

    /// <summary>A transport failure seen by the client, or the cancellation of its call.</summary>
    public static Status FromClientException(Exception ex, bool deadlineExceeded, bool cancelledByUser)
    {
        if (ex is RpcException rpc)
        {
            return rpc.Status;
        }
        if (deadlineExceeded)
        {
            return DeadlineExceeded;
        }
        if (cancelledByUser)
        {
            return CancelledByClient;
        }
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                // RST_STREAM CANCEL (0x8) means the peer cancelled the call.
                return protocol.ErrorCode == 0x8
                    ? CancelledByPeer
                    : new Status(StatusCode.Internal, $"HTTP/2 error {protocol.ErrorCode}: {protocol.Message}");
            }
        }
        if (ex is HttpRequestException)
        {
            return new Status(StatusCode.Unavailable, $"Error starting gRPC call. {ex.GetType().Name}: {ex.Message}");
        }
        if (ex is OperationCanceledException)
        {
            return CancelledByClient;
        }
        return new Status(StatusCode.Unavailable, $"Error in the gRPC call. {ex.GetType().Name}: {ex.Message}");
    }
}
