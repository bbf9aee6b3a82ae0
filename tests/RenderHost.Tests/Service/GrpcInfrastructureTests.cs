using ArrHost.Rpc;
using ArrHost.Rpc.Server.Tests;
using Grpc.Core;
using Grpc.Health.V1;

namespace ArrHost.RenderHost.Tests.Service;

public sealed class GrpcInfrastructureTests(RenderHostFixture host) : IClassFixture<RenderHostFixture>
{
    [Fact]
    public async Task HealthCheck_StandaloneHost_ServingOnTheRenderPort()
    {
        using var channel = RpcChannels.ForAddress(host.Endpoint);
        var health = new Health.HealthClient(channel);

        var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesRenderAndHealth()
    {
        using var channel = RpcChannels.ForAddress(host.Endpoint);

        var names = await ReflectionProbe.ListServicesAsync(channel);

        Assert.Contains("arr.v1.Render", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task UnknownMethod_OnTheRenderPort_Unimplemented()
    {
        using var channel = RpcChannels.ForAddress(host.Endpoint);
        var method = new Method<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>(
            MethodType.Unary, "arr.v1.Render", "NoSuchMethod",
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Google.Protobuf.WellKnownTypes.Empty.Parser.ParseFrom),
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Google.Protobuf.WellKnownTypes.Empty.Parser.ParseFrom));

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), new Google.Protobuf.WellKnownTypes.Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
