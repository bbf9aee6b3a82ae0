using System.Net;
using System.Security.Cryptography.X509Certificates;
using ArrHost.Rpc.Server;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.Tests.Fakes;

/// <summary>
/// The tests' gRPC servers: a real Kestrel at 127.0.0.1 on a port the system picks, set up as the project's hosts
/// are (ListenRpc, AddRpc), serving whatever services a test maps.
/// </summary>
internal static class LoopbackGrpcApp
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        Action<IServiceCollection> services,
        Action<WebApplication> map,
        X509Certificate2? certificate = null,
        Action<GrpcServiceOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k => listener = k.ListenRpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        builder.Services.AddRpc(configure);
        services(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, listener.BoundAddress(certificate is not null));
    }

    /// <summary>Stops (bounded) and disposes a server <see cref="StartAsync"/> started.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
