using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.RenderHost.Hosting;

/// <summary>The two listeners as Kestrel bound them: port 0 becomes the port the system chose, read after start.</summary>
internal sealed class RenderHostEndpoints
{
    public ListenOptions? Render { get; set; }
    public ListenOptions? Health { get; set; }

    public Uri RenderAddress => Address(Render);
    public Uri HealthAddress => Address(Health);

    private static Uri Address(ListenOptions? listener)
    {
        var ep = listener?.IPEndPoint ?? throw new InvalidOperationException("the render host has not started listening yet");
        var host = ep.Address.Equals(IPAddress.Any) ? "127.0.0.1"
            : ep.Address.Equals(IPAddress.IPv6Any) ? "[::1]"
            : ep.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ep.Address}]" : ep.Address.ToString();
        return new Uri($"http://{host}:{ep.Port}");
    }
}
