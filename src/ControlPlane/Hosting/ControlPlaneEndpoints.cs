using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>The two listeners; their bound addresses (ports chosen by the OS for port 0) are known once the server has started.</summary>
internal sealed class ControlPlaneEndpoints
{
    internal ListenOptions? Rest { get; set; }

    /// <summary>Whether both listeners use TLS (a certificate was configured): the addresses are then https.</summary>
    public bool Tls { get; internal set; }

    public Uri RestAddress => Address(Rest?.IPEndPoint ?? throw new InvalidOperationException("The control plane has not started."));

    internal ListenOptions? Grpc { get; set; }

    /// <summary>The gRPC listener's address (bound with ListenRpc).</summary>
    public Uri GrpcAddress => Address(Grpc?.IPEndPoint ?? throw new InvalidOperationException("The control plane has not started."));

    private Uri Address(IPEndPoint ep)
    {
        var host = ep.Address.Equals(IPAddress.Any) ? "127.0.0.1" : ep.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : ep.Address.ToString();
        if (ep.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('[')) host = $"[{host}]";
        return new Uri($"{(Tls ? "https" : "http")}://{host}:{ep.Port}");
    }
}
