using ArrHost.Rpc.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>The two listeners; their bound addresses (ports chosen by the OS for port 0) are known once the server has started.</summary>
internal sealed class ControlPlaneEndpoints
{
    internal ListenOptions? Rest { get; set; }

    /// <summary>Whether both listeners use TLS (a certificate was configured): the addresses are then https.</summary>
    public bool Tls { get; internal set; }

    public Uri RestAddress => Rest.BoundAddress(Tls);

    internal ListenOptions? Grpc { get; set; }

    /// <summary>The gRPC listener's address (bound with ListenRpc).</summary>
    public Uri GrpcAddress => Grpc.BoundAddress(Tls);
}
