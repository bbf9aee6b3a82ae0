using ArrHost.RenderHost.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArrHost.RenderHost.Agent;

/// <summary>Healthy once the host is registered with its control plane (or runs without one); feeds /health and grpc.health.v1.</summary>
internal sealed class ControlPlaneHealthCheck(RenderHostOptions options, AgentLink agent) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.ControlPlane.Length == 0 || agent.Registered
            ? HealthCheckResult.Healthy("registered")
            : HealthCheckResult.Unhealthy("not registered with the control plane"));
}
