using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.Rpc.Server;

public static class RpcKestrelExtensions
{
    /// <summary>
    /// Listens for gRPC on <paramref name="endpoint"/>: HTTP/2 only (cleartext prior knowledge), no body size
    /// limit or minimum data rates (long streams), and larger HTTP/2 windows and frames for throughput. With a
    /// <paramref name="certificate"/>, TLS with ALPN "h2" instead of cleartext.
    /// </summary>
    /// <returns>The listener, whose <c>IPEndPoint</c> carries the bound port once the server has started.</returns>
    public static ListenOptions ListenRpc(this KestrelServerOptions options, IPEndPoint endpoint, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        ListenOptions? listener = null;
        options.Listen(endpoint, listen =>
        {
            listener = listen;
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null) listen.UseHttps(certificate);
        });
        options.AddServerHeader = false;
        var limits = options.Limits;
        limits.MaxRequestBodySize = null;
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
        // Kestrel pauses a response writer above this many buffered bytes; 64 KiB stalls large messages.
        limits.MaxResponseBufferSize = 2 * 1024 * 1024;
        limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
        limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
        limits.Http2.MaxFrameSize = 256 * 1024;
        limits.Http2.MaxStreamsPerConnection = Math.Max(limits.Http2.MaxStreamsPerConnection, 1000);
        return listener!;
    }

    /// <summary>
    /// Where clients reach <paramref name="listener"/> once the server has started (port 0 then holds the port the
    /// system chose): a wildcard address becomes the loopback one, an IPv6 one gets its brackets.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has not started listening yet.</exception>
    public static Uri BoundAddress(this ListenOptions? listener, bool https = false)
    {
        var ep = listener?.IPEndPoint ?? throw new InvalidOperationException("The server has not started listening yet.");
        var host = ep.Address.Equals(IPAddress.Any) ? "127.0.0.1"
            : ep.Address.Equals(IPAddress.IPv6Any) ? "[::1]"
            : ep.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ep.Address}]" : ep.Address.ToString();
        return new Uri($"{(https ? "https" : "http")}://{host}:{ep.Port}");
    }
}
