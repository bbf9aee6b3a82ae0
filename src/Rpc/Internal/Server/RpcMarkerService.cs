namespace ArrHost.Rpc.Internal.Server;

/// <summary>Registered by AddRpc so that MapRpcService can tell whether it was called.</summary>
internal sealed class RpcMarkerService
{
}
