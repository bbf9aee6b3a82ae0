using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ArrHost.ControlPlane.Tests.Infrastructure;

/// <summary>Serves a folder over http on loopback (a stand-in for a blob container) and records the paths asked for.</summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly Task _loop;

    private StaticFileServer(string folder, int port)
    {
        _folder = Path.GetFullPath(folder);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseAddress { get; }

    public ConcurrentBag<string> Requested { get; } = [];

    public static Task<StaticFileServer> StartAsync(string folder)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return Task.FromResult(new StaticFileServer(folder, port));
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
            Requested.Add(path);
            var full = Path.GetFullPath(Path.Combine(_folder, path.TrimStart('/')));
            if (full.StartsWith(_folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full))
            {
                var bytes = await File.ReadAllBytesAsync(full);
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
            ctx.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
