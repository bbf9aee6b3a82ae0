using System.Globalization;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// Runs the viewer for a Ready session until Ctrl-C or the session's end: connects as its one client
/// (a second <c>arr view</c> of the same session is refused by the host, with the reason), loads the
/// first model, serves the page and prints its address.
/// </summary>
public static class ViewerHost
{
    public static async Task<int> RunAsync(CliContext context, RenderingSession session, ViewerOptions options, CancellationToken cancellationToken)
    {
        await using var relay = new ViewerRelay(session, options, line => context.Out.MarkupLine($"  [grey]{Markup.Escape(line)}[/]"));
        await relay.EnsureConnectedAsync(options.Codec, cancellationToken).ConfigureAwait(false);
        if (options.InitialModel is { Length: > 0 } model)
        {
            var loaded = await relay.PreloadAsync(model, null, cancellationToken).ConfigureAwait(false);
            context.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Loaded [bold]{Markup.Escape(model)}[/]: {loaded.PrimitiveCount:N0} triangles."));
        }

        await using var server = await ViewerServer.StartAsync(relay, options.Port, cancellationToken).ConfigureAwait(false);
        context.Out.MarkupLine($"Viewer: open [bold blue]{server.Address}[/] (one page at a time; Ctrl-C stops).");
        context.Output.Flush();
        var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
        var done = await Task.WhenAny(stopped, relay.Ended).ConfigureAwait(false);
        if (done == relay.Ended)
        {
            var reason = await relay.Ended.ConfigureAwait(false);
            context.Error.WriteLine($"arr: the session's stream ended: {reason}.");
            return reason is ConnectionStatusReasons.SessionStopped or ConnectionStatusReasons.SessionExpired or ConnectionStatusReasons.SessionError
                ? ExitCodes.SessionEnded
                : ExitCodes.Error;
        }

        return ExitCodes.Ok; // Ctrl-C is how a viewer ends
    }
}
