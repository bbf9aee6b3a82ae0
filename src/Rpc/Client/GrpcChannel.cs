using System.Collections.Concurrent;
using System.Net.Http;
using ArrHost.Rpc.Internal;
using ArrHost.Rpc.Internal.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArrHost.Rpc;

/// <summary>
/// A client's connection to one gRPC endpoint. Calls share one HTTP/2 connection (more are opened only when the
/// server's stream limit is reached). Create one per endpoint and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly bool _ownsHandler;
    private bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http:// or https://.", nameof(address));
        }
        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize;
        CompressRequests = options.CompressRequests;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ArrHost.Rpc.Client");
        HttpMessageHandler handler;
        if (options.HttpHandler is null)
        {
            handler = CreateDefaultHandler();
            _ownsHandler = true;
        }
        else
        {
            handler = options.HttpHandler;
        }
        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        Handler = handler;
    }

    public Uri Address { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal HttpMessageHandler Handler { get; }

    internal int MaxReceiveMessageSize { get; }

    internal int? MaxSendMessageSize { get; }

    internal bool CompressRequests { get; }

    internal ILogger Logger { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address))), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    internal Uri GetMethodUri(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _methodUris.GetOrAdd(path, static (p, address) => new Uri(address, p), Address);
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // Large reads: one recv per socket buffer's worth instead of a peek and a read per 16 KiB frame.
        ConnectCallback = ReadAheadStream.ConnectAsync,
    };

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Invoker.Dispose();
        if (_ownsHandler)
        {
            Handler.Dispose();
        }
    }
}
