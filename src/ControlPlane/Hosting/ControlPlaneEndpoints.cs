using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>The two listeners; their bound addresses are known once the server has started.</summary>
public sealed class ControlPlaneEndpoints
{
    internal ListenOptions? Grpc { get; set; }

    internal ListenOptions? Rest { get; set; }

    public Uri GrpcAddress => Address(Grpc);

    public Uri RestAddress => Address(Rest);

    private static Uri Address(ListenOptions? o)
    {
        var ep = o?.IPEndPoint ?? throw new InvalidOperationException("The control plane has not started.");
        var host = ep.Address.Equals(IPAddress.Any) ? "127.0.0.1" : ep.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : ep.Address.ToString();
        if (ep.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('[')) host = $"[{host}]";
        return new Uri($"http://{host}:{ep.Port}");
    }
}
