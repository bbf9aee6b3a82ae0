using System.Net;
using ArrHost.Rpc.Internal;
using Grpc.Net.Client;

namespace ArrHost.Rpc;

/// <summary>
/// grpc-dotnet channels over one SocketsHttpHandler configuration made for long-lived HTTP/2 streams of large
/// messages: read-ahead connections, a large stream window, keep-alive pings while calls are active.
/// </summary>
public static class RpcChannels
{
    /// <summary>A render frame may be a raw 1080p RGBA image (8.3 MB) or more; the 4 MiB default is too small.</summary>
    public const int LargeMessageSize = 64 * 1024 * 1024;

    /// <summary>The HTTP handler every channel of the project uses unless its caller brings its own.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // Large reads: one recv per socket buffer's worth instead of a peek and a read per 16 KiB frame.
        ConnectCallback = ReadAheadStream.ConnectAsync,
    };

    /// <summary>The project's handler, also trusting <paramref name="authority"/> (when not null) for TLS.</summary>
    public static SocketsHttpHandler CreateHandler(System.Security.Cryptography.X509Certificates.X509Certificate2? authority) =>
        authority is null ? CreateHandler() : CreateHandler().TrustAuthority(authority);

    /// <summary>
    /// A channel to <paramref name="address"/> with the project's handler and message limits; <paramref name="configure"/>
    /// may change any option (a user's own HttpHandler, credentials, limits) before the channel is made.
    /// </summary>
    public static GrpcChannel ForAddress(Uri address, Action<GrpcChannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http:// or https://.", nameof(address));
        }
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = LargeMessageSize,
            MaxSendMessageSize = LargeMessageSize,
            DisposeHttpClient = true,
        };
        configure?.Invoke(options);
        if (options.HttpHandler is null && options.HttpClient is null)
        {
            options.HttpHandler = CreateHandler();
        }
        return GrpcChannel.ForAddress(address, options);
    }

    /// <inheritdoc cref="ForAddress(Uri, Action{GrpcChannelOptions}?)"/>
    public static GrpcChannel ForAddress(string address, Action<GrpcChannelOptions>? configure = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address))), configure);
}
