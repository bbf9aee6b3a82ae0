namespace ArrHost.Rpc.Internal;

/// <summary>Every string and number of the gRPC HTTP/2 wire protocol used by this library.</summary>
internal static class GrpcProtocolConstants
{
    public const string ContentType = "application/grpc";
    public const string ContentTypeHeader = "content-type";
    public const string TimeoutHeader = "grpc-timeout";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string MessageEncodingHeader = "grpc-encoding";
    public const string MessageAcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string UserAgent = "grpc-arrhost/1.0";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";
    public const string AcceptEncodingValue = "identity,gzip";
    public const string BinaryHeaderSuffix = "-bin";
    public const string Http2Protocol = "HTTP/2";

    /// <summary>Compressed flag (1 byte) + big-endian message length (4 bytes).</summary>
    public const int HeaderSize = 5;
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest value of grpc-timeout's number (8 ASCII digits).</summary>
    public const long MaxTimeoutValue = 99_999_999;

    /// <summary>Headers that are part of the protocol, never user metadata.</summary>
    public static bool IsReservedHeader(string key) =>
        key.Length == 0 || key[0] == ':' ||
        key.Equals(ContentTypeHeader, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(TeHeader, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(TimeoutHeader, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(MessageEncodingHeader, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(MessageAcceptEncodingHeader, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(StatusTrailer, StringComparison.OrdinalIgnoreCase) ||
        key.Equals(MessageTrailer, StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-length", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("date", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("server", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("host", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("connection", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-encoding", StringComparison.OrdinalIgnoreCase);
}
