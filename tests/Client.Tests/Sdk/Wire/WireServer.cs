using ArrHost.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>The fake Sessions and Render services on a real Kestrel server at 127.0.0.1 with a free port.</summary>
public sealed class WireServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WireServer(WebApplication app, Uri address, WireState state)
    {
        _app = app;
        Address = address;
        State = state;
    }

    public Uri Address { get; }

    public WireState State { get; }

    /// <summary>Starts the server; with a <paramref name="certificate"/>, over TLS (https).</summary>
    public static async Task<WireServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var state = new WireState();
        var (app, address) = await LoopbackGrpcApp.StartAsync(
            services => services.AddSingleton(state),
            app =>
            {
                app.Use((context, next) =>
                {
                    state.TraceHeaders.Enqueue(context.Request.Headers["x-trace"].ToString());
                    return next(context);
                });
                app.MapGrpcService<FakeSessionsService>();
                app.MapGrpcService<FakeRenderService>();
            },
            certificate);
        state.RenderEndpoint = address.ToString().TrimEnd('/');
        return new WireServer(app, address, state);
    }

    public RemoteRenderingClient CreateClient(string accountKey = WireState.AccountKey) => new(CreateOptions(accountKey));

    public RemoteRenderingClientOptions CreateOptions(string accountKey = WireState.AccountKey) => new()
    {
        Endpoint = Address,
        AccountId = WireState.AccountId,
        AccountKey = accountKey,
        Retry = new RetryOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxRetries = 3 },
    };

    public ValueTask DisposeAsync() => LoopbackGrpcApp.StopAsync(_app);
}
