using System.Net;
using ArrHost.Rpc.Server.Tests.Echo;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.ListenRpc(new IPEndPoint(IPAddress.Loopback, 0)));
        var probe = new ServerProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddRpc(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<EchoServiceImpl>();
        app.MapRpcInfrastructure();
        app.MapGet("/alive", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address), probe);
    }

    public EchoService.EchoServiceClient CreateClient(out GrpcChannel channel, Action<GrpcChannelOptions>? configure = null)
    {
        channel = RpcChannels.ForAddress(Address, configure);
        return new EchoService.EchoServiceClient(channel);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
