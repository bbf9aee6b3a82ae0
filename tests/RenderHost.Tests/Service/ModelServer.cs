using System.Collections.Concurrent;
using System.Net;
using ArrHost.Rendering.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>
/// A loopback HTTP server that render hosts download models from: the Khronos samples (read in
/// place under /samples/; /samples/_references/ has models whose files lie elsewhere), bodies larger than a given size (/oversized/), and a model whose
/// response waits until the test releases it (/held/), to keep a host's command loop busy.
/// </summary>
internal sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long _oversizedBytes;
    private readonly ConcurrentQueue<string> _requests = new();
    private HeldResponse? _held;

    private ModelServer(long oversizedBytes)
    {
        _oversizedBytes = oversizedBytes;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _requests.Enqueue(context.Request.Path.Value ?? "");
            return next(context);
        });
        _app.MapGet("/samples/{**path}", ServeSample);
        _app.MapGet("/private/{**path}", ServeSample);
        _app.MapGet("/oversized/declared/model.glb", (HttpContext context) => WriteZerosAsync(context, declareLength: true));
        _app.MapGet("/oversized/chunked/model.glb", (HttpContext context) => WriteZerosAsync(context, declareLength: false));
        _app.MapGet("/held/Box.glb", ServeHeldAsync);
        _app.MapGet("/samples/_references/{target}/model.gltf", (string target) => Results.Text(ReferencingGltf(target), "model/gltf+json"));
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Paths asked for so far, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <param name="oversizedBytes">How many bytes the /oversized/ models send.</param>
    public static async Task<ModelServer> StartAsync(long oversizedBytes)
    {
        var server = new ModelServer(oversizedBytes);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    /// <summary>Makes the next request for /held/Box.glb wait until the returned response is released.</summary>
    public HeldResponse Hold()
    {
        var held = new HeldResponse();
        Interlocked.Exchange(ref _held, held)?.Release();
        return held;
    }

    public async ValueTask DisposeAsync()
    {
        _held?.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A .gltf under /samples/ whose one buffer is an absolute URL ("absolute") or a path into /private/ ("private").</summary>
    private string ReferencingGltf(string target)
    {
        string uri = target == "absolute" ? $"{BaseUrl}/private/Box/glTF/Box0.bin" : "../../../private/Box/glTF/Box0.bin";
        return $$"""{"asset":{"version":"2.0"},"buffers":[{"uri":"{{uri}}","byteLength":648}]}""";
    }

    private static IResult ServeSample(string path)
    {
        var root = Path.GetFullPath(SharedSamples.Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full)
            ? Results.File(full, "application/octet-stream")
            : Results.NotFound();
    }

    private async Task<IResult> ServeHeldAsync(CancellationToken aborted)
    {
        var held = Volatile.Read(ref _held) ?? throw new InvalidOperationException("/held/ was asked for without Hold()");
        held.OnArrived();
        await held.Released.WaitAsync(aborted);
        return ServeSample("Box/glTF-Binary/Box.glb");
    }

    private async Task WriteZerosAsync(HttpContext context, bool declareLength)
    {
        // Without a declared length the host can only notice the size while it reads (chunked encoding).
        if (declareLength) context.Response.ContentLength = _oversizedBytes;
        var chunk = new byte[16 * 1024];
        try
        {
            for (long sent = 0; sent < _oversizedBytes; sent += chunk.Length)
            {
                var count = (int)Math.Min(chunk.Length, _oversizedBytes - sent);
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The host refused the body part-way and closed the connection: that is what is tested.
        }
    }
}
