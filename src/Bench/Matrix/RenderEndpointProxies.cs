using System.Collections.Concurrent;
using System.Net;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// Sends render streams through a <see cref="NetworkProxy"/> per host: set <see cref="Map"/> as the SDK's
/// <c>RemoteRenderingClientOptions.MapRenderEndpoint</c>, and the session's render endpoint (as the control
/// plane announces it) becomes the proxy's loopback address on the client side.
/// </summary>
internal sealed class RenderEndpointProxies(NetworkProfile profile) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NetworkProxy> _proxies = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<NetworkProxy> Proxies => [.. _proxies.Values];

    public Uri Map(Uri endpoint)
    {
        var proxy = _proxies.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority), _ => new NetworkProxy(Resolve(endpoint), profile));
        return new UriBuilder(endpoint) { Host = "127.0.0.1", Port = proxy.LocalEndPoint.Port }.Uri;
    }

    private static IPEndPoint Resolve(Uri endpoint)
    {
        var address = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var ip) ? ip : Dns.GetHostAddresses(endpoint.Host)[0];
        return new IPEndPoint(address, endpoint.Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies.Values) await proxy.DisposeAsync().ConfigureAwait(false);
        _proxies.Clear();
    }
}
