using ArrHost.Protos.V1;
using ArrHost.Rpc;

namespace ArrHost.RenderHost.Agent;

/// <summary>The typed client of arr.v1.HostAgent, bound from its descriptor.</summary>
internal interface IHostAgentClient
{
    AsyncDuplexStreamingCall<AgentMessage, ControlMessage> Attach(CallOptions options = default);
}
