using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// The local page of <c>arr view</c> on loopback: the embedded page at <c>/</c> and its WebSocket at
/// <c>/ws</c>, which only pages served from this address may open (a page of another site must not
/// drive the session).
/// </summary>
public sealed class ViewerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The page's address, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Address { get; }

    public static async Task<ViewerServer> StartAsync(ViewerRelay relay, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10) });
        app.MapGet("/", ctx => ServeAsync(ctx, "index.html"));
        app.MapGet("/{file}", (HttpContext ctx, string file) => ServeAsync(ctx, file));
        app.Map("/ws", async ctx =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest)
            {
                ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (!SameOrigin(ctx))
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await relay.ServePageAsync(socket, ctx.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new ViewerServer(app, new UriBuilder(uri) { Path = "/" }.Uri);
    }

    private static Task ServeAsync(HttpContext ctx, string file)
    {
        if (!ViewerAssets.TryGet(file, out var bytes, out var type))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return ctx.Response.Body.WriteAsync(bytes, 0, bytes.Length, ctx.RequestAborted);
    }

    private static bool SameOrigin(HttpContext ctx)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return true; // not a browser
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && (o.IsLoopback || string.Equals(o.Host, ctx.Request.Host.Host, StringComparison.OrdinalIgnoreCase))
            && o.Port == ctx.Connection.LocalPort;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
