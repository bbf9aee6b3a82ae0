using System.CommandLine;
using ArrHost.Cli.Rendering;
using ArrHost.Client;
using ArrHost.Tooling.Camera;
using ArrHost.Tooling.CommandLine;
using ArrHost.Tooling.Region;
using ArrHost.Tooling.Viewer;
using Spectre.Console;

namespace ArrHost.Cli.Commands;

/// <summary>
/// `arr demo`: the main job end to end on this machine. Starts a local region, creates a session,
/// waits for Ready, connects, loads a model, orbits it, writes frames and a playable video under
/// out/demo, prints latency statistics, stops the session and the region.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<string> s_modelOption = new("--model")
    {
        Description = "Model to load: builtin:spheres?triangles=N, builtin:cube, a path under --asset-root, or a URL under --allowed-urls",
        DefaultValueFactory = _ => "builtin:spheres?triangles=20000",
    };

    private static readonly Option<double> s_secondsOption = new("--seconds") { Description = "How long to orbit", DefaultValueFactory = _ => 4 };
    private static readonly Option<string> s_codecOption = new("--codec") { Description = "h264, jpeg or raw", DefaultValueFactory = _ => "h264" };
    private static readonly Option<int> s_widthOption = new("--width") { DefaultValueFactory = _ => 1280, Description = "Frame width" };
    private static readonly Option<int> s_heightOption = new("--height") { DefaultValueFactory = _ => 720, Description = "Frame height" };
    private static readonly Option<string> s_outOption = new("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };
    private static readonly Option<bool> s_viewOption = new("--view") { Description = "Instead of the scripted orbit, show the stream live in a browser (as `arr view`) until Ctrl-C" };
    private static readonly Option<int> s_portOption = new("--port") { Description = "With --view: the page's loopback port (0: any free one)", DefaultValueFactory = _ => 8080 };

    public static Command Create()
    {
        var command = new Command("demo", """
            Run the main job end to end on a local region (no Docker, no GPU needed): start a region,
            create a session, wait for Ready, connect, load a model, orbit it for a few seconds, save
            the frames and a playable video under out/demo, print latency statistics, stop everything.

            Examples:
              ./arr demo
              ./arr demo --model builtin:cube --codec jpeg --seconds 2
              ./arr demo --model DamagedHelmet.glb --asset-root ../shared/gltf-samples/DamagedHelmet/glTF-Binary
              ./arr demo --model https://models.example.com/glTF/Duck.glb --allowed-urls https://models.example.com/glTF/
              ./arr demo --view            (then open http://127.0.0.1:8080/: drag to orbit, wheel to zoom; Ctrl-C ends)
            """);
        command.Options.Add(s_modelOption);
        command.Options.Add(s_secondsOption);
        command.Options.Add(s_codecOption);
        command.Options.Add(s_widthOption);
        command.Options.Add(s_heightOption);
        command.Options.Add(s_outOption);
        command.Options.Add(s_viewOption);
        command.Options.Add(s_portOption);
        command.Options.Add(RegionCommand.AssetRootOption);
        command.Options.Add(RegionCommand.AllowedUrlsOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        if (!ConnectCommand.TryParseCodec(parse.GetValue(s_codecOption)!, out var codec))
        {
            await Console.Error.WriteLineAsync($"arr demo: --codec must be h264, jpeg or raw, not '{parse.GetValue(s_codecOption)}'").ConfigureAwait(false);
            return 2;
        }

        var seconds = parse.GetValue(s_secondsOption);
        if (seconds is <= 0 or > 3600)
        {
            await Console.Error.WriteLineAsync("arr demo: --seconds must be in (0, 3600]").ConfigureAwait(false);
            return 2;
        }

        if (parse.GetValue(s_viewOption) && codec == FrameCodec.Raw)
        {
            await Console.Error.WriteLineAsync("arr demo: --view streams h264 or jpeg, not raw").ConfigureAwait(false);
            return 2;
        }

        if (RegionCommand.AllowedUrlsError(parse.GetValue(RegionCommand.AllowedUrlsOption)!) is { } allowedUrlsError)
        {
            await Console.Error.WriteLineAsync($"arr demo: {allowedUrlsError}").ConfigureAwait(false);
            return 2;
        }

        var outDir = Path.GetFullPath(parse.GetValue(s_outOption)!);
        Directory.CreateDirectory(outDir);
        var console = AnsiConsole.Console;
        console.MarkupLine("[bold]ArrHost demo[/]: a local region, one session, one client.");

        LocalRegion region;
        try
        {
            region = await LocalRegion.StartAsync(RegionOptionsFor(parse, outDir), s => console.MarkupLine($"  [grey]{Markup.Escape(s)}[/]"), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"arr demo: the region did not start: {ex.Message} (logs in {Path.Combine(outDir, "region", "logs")})").ConfigureAwait(false);
            return 1;
        }

        await using (region.ConfigureAwait(false))
        {
            try
            {
                return await RunSessionAsync(region, parse, codec, seconds, outDir, console, ct).ConfigureAwait(false);
            }
            catch (RemoteRenderingException ex)
            {
                await Console.Error.WriteLineAsync($"arr demo: {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
        }
    }

    /// <summary>The demo's region: a Standard and a Premium host, its store and logs under the output folder.</summary>
    internal static RegionOptions RegionOptionsFor(ParseResult parse, string outDir) => new()
    {
        Hosts = ["standard", "premium"],
        StartupDelaySeconds = 2,
        Store = "sqlite:" + Path.Combine(outDir, "region.db"),
        AssetRoot = parse.GetValue(RegionCommand.AssetRootOption)!,
        AllowedUrls = parse.GetValue(RegionCommand.AllowedUrlsOption)!,
        OutDirectory = Path.Combine(outDir, "region"),
    };

    private static async Task<int> RunSessionAsync(LocalRegion region, ParseResult parse, FrameCodec codec, double seconds, string outDir, IAnsiConsole console, CancellationToken ct)
    {
        console.MarkupLine($"Region up: gRPC [blue]{region.Info.Endpoint}[/], REST [blue]{region.Info.RestEndpoint}[/], account [blue]{region.Info.AccountId}[/]");
        using var client = new RemoteRenderingClient(new RemoteRenderingClientOptions
        {
            Endpoint = new Uri(region.Info.Endpoint),
            AccountId = region.Info.AccountId,
            AccountKey = region.Info.AccountKey,
            ClientName = "arr-demo",
        });

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { Size = RenderingSessionSize.Standard, MaxLeaseInMinutes = 10 }, ct).ConfigureAwait(false);
        console.MarkupLine($"Session [blue]{session.SessionUuid}[/] created (Starting).");
        try
        {
            RenderingSessionProperties ready = null!;
            await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async p =>
                {
                    var task = p.AddTask("Starting", maxValue: 100);
                    ready = await session.WaitForReadyAsync(new Progress<SessionStartupProgress>(s =>
                    {
                        task.Description = s.Stage;
                        task.Value = Math.Clamp(s.Fraction * 100, 0, 100);
                    }), ct).ConfigureAwait(false);
                    task.Description = "Ready";
                    task.Value = 100;
                }).ConfigureAwait(false);
            console.MarkupLine($"Ready on host [blue]{ready.HostId}[/] at {ready.RenderEndpoint}");

            var width = parse.GetValue(s_widthOption);
            var height = parse.GetValue(s_heightOption);
            if (parse.GetValue(s_viewOption))
            {
                // The live view: this process is the session's one client and relays to the page.
                var view = new ViewerOptions { Codec = codec, Width = width, Height = height, InitialModel = parse.GetValue(s_modelOption), Port = parse.GetValue(s_portOption) };
                var code = await ViewerHost.RunAsync(CliContext.Default(), session, view, ct).ConfigureAwait(false);
                return code == ExitCodes.Ok || ct.IsCancellationRequested ? ExitCodes.Ok : code;
            }

            await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = codec, Width = width, Height = height }, ct).ConfigureAwait(false);
            console.MarkupLine($"Connected: {connection.EffectiveOptions.Codec} {width}x{height}, encoder {connection.Encoder}, device {Markup.Escape(connection.HostDeviceName)}");

            LoadModelResult model = null!;
            var url = parse.GetValue(s_modelOption)!;
            await console.Progress().StartAsync(async p =>
            {
                var task = p.AddTask($"Loading {Markup.Escape(url)}", maxValue: 100);
                model = await connection.LoadModelAsync(new LoadModelOptions { Url = url }, new Progress<float>(f => task.Value = f * 100), ct).ConfigureAwait(false);
                task.Value = 100;
            }).ConfigureAwait(false);
            console.MarkupLine($"Loaded {model.PrimitiveCount:N0} triangles{(model.SharedResources ? " (shared)" : "")}.");

            // The same streaming loop as `arr connect`: an orbit at 60 poses/s, the stream recorded, statistics per stage.
            var bounds = new ModelBounds(model.BoundsMin, model.BoundsMax).OrUnit();
            var path = CameraPaths.Create("orbit", bounds, CameraLens.For(width, height), seconds);
            var statistics = new StreamStatistics();
            string streamPath;
            int pngs;
            using (var recorder = new StreamRecorder(outDir, codec, width, height, 60, savePngEvery: 15))
            {
                await PathStreamer.RunAsync(connection, path, TimeSpan.FromSeconds(seconds), 60, statistics, recorder, null, ct).ConfigureAwait(false);
                streamPath = recorder.StreamPath ?? outDir;
                pngs = recorder.PngPaths.Count;
            }

            console.Write(statistics.ToTable());
            console.MarkupLine($"{pngs} frames saved as PNG in [blue]{Markup.Escape(outDir)}[/]; the stream: [blue]{Markup.Escape(streamPath)}[/]");
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await session.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            console.MarkupLine("Session stopped; stopping the region.");
        }

        return 0;
    }
}
