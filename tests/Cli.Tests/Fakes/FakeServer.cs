using ArrHost.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

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
        var (app, address) = LoopbackGrpcApp.StartAsync(
            services => services.AddSingleton(sessions).AddSingleton(host ?? new FakeRenderHost()),
            app =>
            {
                app.MapGrpcService<FakeSessions>();
                app.MapGrpcService<FakeRenderHost>();
            }).GetAwaiter().GetResult();
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

    public ValueTask DisposeAsync() => LoopbackGrpcApp.StopAsync(_app);
}
