using ArrHost.Protos.V1;
using ArrHost.RenderHost.Hosting;
using ArrHost.RenderHost.Sessions;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Models;
using ArrHost.Rpc;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A real render host (lavapipe) on loopback, leased directly through its session slot.</summary>
public sealed class RenderHostFixture : IAsyncLifetime
{
    private readonly Action<RenderHostOptions> _configure;
    private readonly Action<ModelSourceOptions> _configureSources;
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public RenderHostFixture()
        : this(_ => { }, _ => { })
    {
    }

    /// <param name="configure">Changes the host's options before it is built, as its command-line switches would.</param>
    /// <param name="configureSources">Changes model-source limits that have no switch (the download limit), before the host starts.</param>
    internal RenderHostFixture(Action<RenderHostOptions> configure, Action<ModelSourceOptions> configureSources)
    {
        _configure = configure;
        _configureSources = configureSources;
    }

    public string AssetRoot { get; } = Directory.CreateTempSubdirectory("arr-assets-").FullName;
    internal SessionSlot Slot => _app!.Services.GetRequiredService<SessionSlot>();
    internal GpuContext Gpu => _app!.Services.GetRequiredService<GpuContext>();
    public Render.RenderClient Client { get; private set; } = null!;

    /// <summary>The host's Render endpoint (h2c), for clients that need their own channel or raw HTTP/2.</summary>
    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = RenderHostApp.Build(
            ["--host-id", "test", "--asset-root", AssetRoot, "--max-primitives", "1000", "--port", "0", "--health-port", "0", "--log-level", "Warning"],
            services => services.PostConfigure(_configure));
        _configureSources(_app.Services.GetRequiredService<ModelSourceOptions>());
        await _app.StartRenderHostAsync();
        Endpoint = _app.Services.GetRequiredService<HostIdentity>().RenderEndpoint;
        _channel = RpcChannels.ForAddress(Endpoint);
        Client = CreateClient(_channel);
    }

    /// <summary>A Render client on another channel (one whose connection a test may break).</summary>
    public static Render.RenderClient CreateClient(GrpcChannel channel) => new(channel);

    /// <summary>Waits, bounded, until the host has freed its slot after a client left; false if it never did.</summary>
    public async Task<bool> WaitForNoClientAsync()
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Slot.ClientConnected && DateTime.UtcNow < until) await Task.Delay(50);
        return !Slot.ClientConnected;
    }

    /// <summary>Leases the host to a new session and returns its id and token.</summary>
    public (string SessionId, string Token) Lease(SessionSize size = SessionSize.Standard)
    {
        // A test that failed midway may have left its lease behind.
        if (Slot.Current is { } stale) Slot.ReleaseAsync(stale.SessionId, GoodbyeReason.SessionStopped, "next test", TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

        var id = "s-" + Guid.NewGuid().ToString("N")[..8];
        var token = Guid.NewGuid().ToString("N");
        Assert.True(Slot.TryAccept(new LeaseOrder { SessionId = id, ConnectionToken = token, AccountId = "a", Size = size }, out var reason), reason);
        return (id, token);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(AssetRoot, recursive: true);
    }
}
