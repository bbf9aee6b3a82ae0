using System.Net;
using ArrHost.Rpc.Tests.Echo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving the echo service.</summary>
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

    public static async Task<TestServer> StartAsync(Action<RpcServerOptions>? configure = null, bool defaultKestrelLimits = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            if (defaultKestrelLimits)
            {
                o.Listen(IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
            }
            else
            {
                o.ListenRpc(new IPEndPoint(IPAddress.Loopback, 0));
            }
        });
        var probe = new ServerProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddRpc(configure);
        var app = builder.Build();
        app.MapRpcService<EchoServiceImpl>(EchoReflection.Descriptor.Services[0]);
        app.MapGet("/alive", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address), probe);
    }

    public IEchoClient CreateClient(out GrpcChannel channel, GrpcChannelOptions? options = null)
    {
        channel = GrpcChannel.ForAddress(Address, options);
        return RpcClient.Create<IEchoClient>(channel, EchoReflection.Descriptor.Services[0]);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
