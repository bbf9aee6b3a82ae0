using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArrHost.Rpc.Server.Tests;

public sealed class RpcInfrastructureTests
{
    private sealed class Switch
    {
        public volatile bool Healthy = true;
    }

    [Fact]
    public async Task HealthCheck_FollowsAspNetCoreHealthChecks_ServingThenNotServing()
    {
        var state = new Switch();
        await using var server = await TestServer.StartAsync(services: s =>
        {
            s.AddSingleton(state);
            s.AddHealthChecks().AddCheck("switch", () => state.Healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("off"));
        });
        using var channel = RpcChannels.ForAddress(server.Address);
        var health = new Health.HealthClient(channel);

        var serving = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);

        state.Healthy = false;
        // grpc-dotnet publishes health check results periodically; Check re-runs them when asked (default in 2.85).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HealthCheckResponse answer;
        do
        {
            answer = await health.CheckAsync(new HealthCheckRequest(), deadline: deadline);
            if (answer.Status != HealthCheckResponse.Types.ServingStatus.Serving) break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, answer.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesTheHostsServices()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = RpcChannels.ForAddress(server.Address);

        var names = await ReflectionProbe.ListServicesAsync(channel);

        Assert.Contains("arr.test.v1.EchoService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
