using ArrHost.Rpc.Server.Tests.Echo;
using ArrHost.Tests.Fakes;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Rpc.Server.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving the echo service as the project's hosts serve theirs.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri address, ServerProbe probe)
    {
        _app = app;
        Address = address;
        Probe = probe;
    }

    public Uri Address { get; }

    public ServerProbe Probe { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(Action<GrpcServiceOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var probe = new ServerProbe();
        var (app, address) = await LoopbackGrpcApp.StartAsync(
            builder =>
            {
                builder.AddSingleton(probe);
                services?.Invoke(builder);
            },
            app =>
            {
                app.MapGrpcService<EchoServiceImpl>();
                app.MapRpcInfrastructure();
                app.MapGet("/alive", () => "ok");
            },
            configure: configure);
        return new TestServer(app, address, probe);
    }

    public EchoService.EchoServiceClient CreateClient(out GrpcChannel channel, Action<GrpcChannelOptions>? configure = null)
    {
        channel = RpcChannels.ForAddress(Address, configure);
        return new EchoService.EchoServiceClient(channel);
    }

    public ValueTask DisposeAsync() => LoopbackGrpcApp.StopAsync(_app);
}
