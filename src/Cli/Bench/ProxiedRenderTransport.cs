using System.Collections.Concurrent;
using System.Net;
using ArrHost.Client.Internal.Transport;

namespace ArrHost.Cli.Bench;

/// <summary>
/// Opens render streams through a <see cref="NetworkProxy"/> per host: the session's render
/// endpoint (as the control plane announces it) is swapped for the proxy's loopback address on
/// the client side. The SDK has no public option for this; the harness uses its internal
/// transport seam (InternalsVisibleTo arr).
/// </summary>
internal sealed class ProxiedRenderTransport(IRenderTransport inner, NetworkProfile profile) : IRenderTransport, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NetworkProxy> _proxies = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<NetworkProxy> Proxies => [.. _proxies.Values];

    public IRenderStream Connect(string endpoint, CancellationToken cancellationToken)
    {
        var proxy = _proxies.GetOrAdd(endpoint, e => new NetworkProxy(Resolve(e), profile));
        var uri = new Uri(endpoint);
        var through = new UriBuilder(uri) { Host = "127.0.0.1", Port = proxy.LocalEndPoint.Port }.Uri.ToString().TrimEnd('/');
        return inner.Connect(through, cancellationToken);
    }

    private static IPEndPoint Resolve(string endpoint)
    {
        var uri = new Uri(endpoint);
        var address = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : Dns.GetHostAddresses(uri.Host)[0];
        return new IPEndPoint(address, uri.Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies.Values) await proxy.DisposeAsync().ConfigureAwait(false);
        _proxies.Clear();
    }
}
