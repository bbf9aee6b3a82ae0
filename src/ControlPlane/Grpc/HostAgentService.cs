using ArrHost.ControlPlane.Hosts;
using ArrHost.Protos.V1;
using Grpc.Core;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>arr.v1.HostAgent: a render host's long-lived stream (the agent key is checked by the interceptor).</summary>
internal sealed class HostAgentService(HostRegistry registry) : HostAgent.HostAgentBase
{
    public override Task Attach(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<ControlMessage> responses, ServerCallContext context) =>
        registry.RunAsync(requests.ReadAllAsync(context.CancellationToken), (m, ct) => responses.WriteAsync(m, ct), context.CancellationToken);
}
