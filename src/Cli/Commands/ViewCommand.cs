using System.CommandLine;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;
using ArrHost.Tooling.Viewer;
using Spectre.Console;

namespace ArrHost.Cli.Commands;

/// <summary>
/// <c>arr view</c>: a local page that shows a session's stream live. This process is the session's one
/// connected client and relays frames to the page over a WebSocket; the page sends camera poses back.
/// </summary>
internal static class ViewCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var session = new Option<string?>("--session") { Description = "The id of an existing Ready (or Starting) session to view.", HelpName = "ID" };
        var create = new Option<bool>("--create") { Description = "Create a session (stopped again when the viewer ends)." };
        var size = new Option<string>("--size") { Description = "With --create: standard or premium.", DefaultValueFactory = _ => "standard", HelpName = "standard|premium" };
        var lease = Int("--lease", 30, 1, 1440, "With --create: the lease in minutes");
        var model = new Option<string?>("--model") { Description = "A model to load at the start (the page can load others): builtin:cube, builtin:spheres?triangles=N, a path under the host's asset root, or an allowed URL.", HelpName = "URL" };
        var codec = Codec();
        var width = Int("--width", 1280, 16, 4096, "Frame width in pixels (even)");
        var height = Int("--height", 720, 16, 4096, "Frame height in pixels (even)");
        var fps = Int("--fps", 60, 1, 120, "Poses per second the page sends while the camera moves");
        var port = Int("--port", 8080, 0, 65535, "The loopback port of the page (0: any free one)");
        var command = new Command("view", """
            Show a session's stream live in a browser: serves a local page (on 127.0.0.1) and relays the stream to it over
            a WebSocket. This process is the session's one connected client; the page decodes H.264 with WebCodecs (or JPEG,
            its fallback where the browser cannot decode H.264), orbits with the mouse or one finger, zooms with the wheel or
            a pinch, loads models from a field and charts every frame's per-stage latency. One page at a time: a second page
            is refused with the reason. Runs until Ctrl-C or the session ends.
            Exit codes: 0 stopped with Ctrl-C, 1 error, 2 usage, 3 session not found, 4 unauthenticated, 5 unavailable, 6 session ended, 7 refused (another client is connected).

            Examples:
              arr view --create --model builtin:spheres?triangles=20000
              arr view --session demo-1 --port 8090
              arr view --create --model color-cube.glb --codec jpeg --width 960 --height 540
            """);
        common.AddTo(command);
        foreach (var o in new Option[] { session, create, size, lease, model, codec, width, height, fps, port }) command.Options.Add(o);
        command.Validators.Add(r =>
        {
            if (!string.IsNullOrEmpty(r.GetValue(session)) == r.GetValue(create)) r.AddError("pass either --session ID or --create.");
            if (r.GetValue(width) % 2 != 0 || r.GetValue(height) % 2 != 0) r.AddError("--width and --height must be even.");
        });
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var options = new ViewerOptions
            {
                Codec = r.GetValue(codec) == "jpeg" ? FrameCodec.Jpeg : FrameCodec.H264,
                Width = r.GetValue(width),
                Height = r.GetValue(height),
                PoseRate = r.GetValue(fps),
                Port = r.GetValue(port),
                InitialModel = r.GetValue(model),
            };
            var created = r.GetValue(create);
            var rendering = created
                ? await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions
                {
                    Size = SessionCreateCommand.ParseSize(r.GetValue(size)!),
                    MaxLeaseInMinutes = r.GetValue(lease),
                }, token).ConfigureAwait(false)
                : await client.OpenRenderingSessionAsync(r.GetValue(session)!, token).ConfigureAwait(false);
            if (created) context.Out.MarkupLine($"Session [bold]{Markup.Escape(rendering.SessionUuid)}[/] created.");
            try
            {
                await SessionCreateCommand.WaitWithProgressAsync(context, rendering, token).ConfigureAwait(false);
                return await ViewerHost.RunAsync(context, rendering, options, token).ConfigureAwait(false);
            }
            finally
            {
                if (created)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await rendering.StopAsync(timeout.Token).ConfigureAwait(false);
                        context.Out.MarkupLine($"Session [bold]{Markup.Escape(rendering.SessionUuid)}[/] stopped.");
                    }
                    catch (Exception ex) when (ex is RemoteRenderingException or OperationCanceledException)
                    {
                        context.Error.WriteLine($"arr: could not stop session {rendering.SessionUuid}: {ex.Message}");
                    }
                }
            }
        }, ct));
        return command;
    }

    internal static Option<string> Codec()
    {
        var codec = new Option<string>("--codec") { Description = "h264 (decoded by WebCodecs in the page) or jpeg.", DefaultValueFactory = _ => "h264", HelpName = "h264|jpeg" };
        codec.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not ("h264" or "jpeg")) r.AddError($"--codec must be h264 or jpeg, not '{r.GetValueOrDefault<string>()}'.");
        });
        return codec;
    }

    private static Option<int> Int(string name, int fallback, int min, int max, string description)
    {
        var option = new Option<int>(name) { Description = $"{description} ({min}..{max}).", DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < min || v > max) r.AddError($"{name} must be {min}..{max}, not {v}.");
        });
        return option;
    }
}
