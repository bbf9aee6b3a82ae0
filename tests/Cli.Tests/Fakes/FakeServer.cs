using System.Net;
using ArrHost.Client;
using ArrHost.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.Tests.Fakes;

/// <summary>
/// The fake Sessions and Render services on a real Kestrel server at 127.0.0.1 (a port the system picks): the
/// commands run against it through the SDK's public API, over the same gRPC stack as against a region.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static FakeServer Start(FakeSessions sessions, FakeRenderHost? host = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k => listener = k.ListenRpc(new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton(host ?? new FakeRenderHost());
        builder.Services.AddRpc();
        var app = builder.Build();
        app.MapGrpcService<FakeSessions>();
        app.MapGrpcService<FakeRenderHost>();
        app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri($"http://127.0.0.1:{listener!.IPEndPoint!.Port}");
        return new FakeServer(app, address);
    }

    /// <summary>The client a command would create, pointed at this server (control plane and render host alike), without retries.</summary>
    public RemoteRenderingClient CreateClient(RemoteRenderingClientOptions options)
    {
        options.Endpoint = Address;
        options.MapRenderEndpoint = _ => Address;
        options.Retry = new RetryOptions { MaxRetries = 0 };
        return new RemoteRenderingClient(options);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
