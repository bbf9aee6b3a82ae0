using ArrHost.Rpc.Internal;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted (default 4 MiB); null for no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Largest request message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress request messages with gzip (grpc-encoding: gzip).</summary>
    public bool CompressRequests { get; set; }

    /// <summary>The HTTP handler to send calls with; by default a SocketsHttpHandler made for HTTP/2 cleartext. Not disposed by the channel.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Where client call logs go; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
