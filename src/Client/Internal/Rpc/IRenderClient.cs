using ArrHost.Protos.V1;
using ArrHost.Rpc;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>The typed client of arr.v1.Render, bound from its descriptor by <see cref="RpcClient"/>.</summary>
internal interface IRenderClient
{
    AsyncDuplexStreamingCall<ClientMessage, ServerMessage> Connect(CallOptions options = default);
}
