namespace ArrHost.Client.Internal.Rpc;

/// <summary>Creates the default (gRPC) transports.</summary>
internal static class RpcTransports
{
    public static Transport.ISessionsTransport CreateSessions(Uri endpoint) => new RpcSessionsTransport(endpoint);

    public static Transport.IRenderTransport CreateRender() => new RpcRenderTransport();
}
