using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using ArrHost.Cli.Region;
using ArrHost.Client;
using ArrHost.Client.Media;
using Spectre.Console;

namespace ArrHost.Cli.Commands;

/// <summary>
/// `arr demo`: the main job end to end on this machine. Starts a local region, creates a session,
/// waits for Ready, connects, loads a model, orbits it, writes frames and a playable video under
/// out/demo, prints latency statistics, stops the session and the region.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<string> ModelOption = new("--model")
    {
        Description = "Model to load: builtin:spheres?triangles=N, builtin:cube, a path under --asset-root, or an allowed URL",
        DefaultValueFactory = _ => "builtin:spheres?triangles=20000",
    };

    private static readonly Option<double> SecondsOption = new("--seconds") { Description = "How long to orbit", DefaultValueFactory = _ => 4 };
    private static readonly Option<string> CodecOption = new("--codec") { Description = "h264, jpeg or raw", DefaultValueFactory = _ => "h264" };
    private static readonly Option<int> WidthOption = new("--width") { DefaultValueFactory = _ => 1280, Description = "Frame width" };
    private static readonly Option<int> HeightOption = new("--height") { DefaultValueFactory = _ => 720, Description = "Frame height" };
    private static readonly Option<string> OutOption = new("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };

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
            """);
        command.Options.Add(ModelOption);
        command.Options.Add(SecondsOption);
        command.Options.Add(CodecOption);
        command.Options.Add(WidthOption);
        command.Options.Add(HeightOption);
        command.Options.Add(OutOption);
        command.Options.Add(RegionCommand.AssetRootOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var codec = parse.GetValue(CodecOption)!.ToLowerInvariant() switch
        {
            "h264" => FrameCodec.H264,
            "jpeg" => FrameCodec.Jpeg,
            "raw" => FrameCodec.Raw,
            var other => (FrameCodec?)null,
        };
        if (codec is null)
        {
            await Console.Error.WriteLineAsync($"arr demo: --codec must be h264, jpeg or raw, not '{parse.GetValue(CodecOption)}'").ConfigureAwait(false);
            return 2;
        }

        var seconds = parse.GetValue(SecondsOption);
        if (seconds is <= 0 or > 3600)
        {
            await Console.Error.WriteLineAsync("arr demo: --seconds must be in (0, 3600]").ConfigureAwait(false);
            return 2;
        }

        var outDir = Path.GetFullPath(parse.GetValue(OutOption)!);
        Directory.CreateDirectory(outDir);
        var console = AnsiConsole.Console;
        console.MarkupLine("[bold]ArrHost demo[/]: a local region, one session, one client.");

        LocalRegion region;
        try
        {
            region = await LocalRegion.StartAsync(new RegionOptions
            {
                Hosts = ["standard", "premium"],
                StartupDelaySeconds = 2,
                Store = "sqlite:" + Path.Combine(outDir, "region.db"),
                AssetRoot = parse.GetValue(RegionCommand.AssetRootOption)!,
                OutDirectory = Path.Combine(outDir, "region"),
            }, s => console.MarkupLine($"  [grey]{Markup.Escape(s)}[/]"), ct).ConfigureAwait(false);
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
                return await RunSessionAsync(region, parse, codec.Value, seconds, outDir, console, ct).ConfigureAwait(false);
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

            var width = parse.GetValue(WidthOption);
            var height = parse.GetValue(HeightOption);
            await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = codec, Width = width, Height = height }, ct).ConfigureAwait(false);
            console.MarkupLine($"Connected: {connection.EffectiveOptions.Codec} {width}x{height}, encoder {connection.Encoder}, device {Markup.Escape(connection.HostDeviceName)}");

            LoadModelResult model = null!;
            var url = parse.GetValue(ModelOption)!;
            await console.Progress().StartAsync(async p =>
            {
                var task = p.AddTask($"Loading {Markup.Escape(url)}", maxValue: 100);
                model = await connection.LoadModelAsync(new LoadModelOptions { Url = url }, new Progress<float>(f => task.Value = f * 100), ct).ConfigureAwait(false);
                task.Value = 100;
            }).ConfigureAwait(false);
            console.MarkupLine($"Loaded {model.PrimitiveCount:N0} triangles{(model.SharedResources ? " (shared)" : "")}.");

            var result = await OrbitAsync(connection, model, codec, width, height, seconds, outDir, ct).ConfigureAwait(false);
            Print(console, result, seconds);
            console.MarkupLine($"Frames: [blue]{Path.Combine(outDir, "frames")}[/]  Video: [blue]{result.VideoPath}[/]");
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await session.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            console.MarkupLine("Session stopped; stopping the region.");
        }

        return 0;
    }

    private sealed record OrbitResult(List<double> PoseToReceiveMs, List<double> PoseToDecodedMs, List<double> RenderMs, List<double> EncodeMs, long Bytes, int Frames, int PngFrames, string VideoPath, FrameStatistics Statistics);

    private static async Task<OrbitResult> OrbitAsync(RenderingConnection connection, LoadModelResult model, FrameCodec codec, int width, int height, double seconds, string outDir, CancellationToken ct)
    {
        var framesDir = Path.Combine(outDir, "frames");
        if (Directory.Exists(framesDir)) Directory.Delete(framesDir, recursive: true);
        Directory.CreateDirectory(framesDir);
        var center = (model.BoundsMin + model.BoundsMax) / 2;
        var radius = MathF.Max(0.01f, Vector3.Distance(model.BoundsMin, model.BoundsMax) / 2);
        var distance = radius / MathF.Sin(MathF.PI / 6) * 1.1f;

        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var poses = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / 60));
            try
            {
                do
                {
                    var angle = (float)(clock.Elapsed.TotalSeconds / seconds * Math.PI * 2);
                    var eye = center + new Vector3(MathF.Sin(angle) * distance, radius * 0.4f, MathF.Cos(angle) * distance);
                    Matrix4x4.Invert(Matrix4x4.CreateLookAt(eye, center, Vector3.UnitY), out var world);
                    connection.SubmitPose(eye, Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(world)), 60f, distance / 100f, distance * 10f);
                }
                while (await timer.WaitForNextTickAsync(run.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        var poseToReceive = new List<double>();
        var poseToDecoded = new List<double>();
        var render = new List<double>();
        var encode = new List<double>();
        long bytes = 0;
        var frames = 0;
        var pngs = 0;
        var videoPath = Path.Combine(outDir, codec == FrameCodec.H264 ? "orbit.mp4" : "orbit.png");
        using var mp4 = codec == FrameCodec.H264 ? new Mp4H264Writer(videoPath, width, height, 60) : null;
        try
        {
            await foreach (var frame in connection.ReadDecodedFramesAsync(run.Token).ConfigureAwait(false))
            {
                var encoded = frame.Encoded;
                frames++;
                bytes += encoded.Data.Length;
                poseToReceive.Add(encoded.PoseToReceiveLatency.TotalMilliseconds);
                poseToDecoded.Add((encoded.PoseToReceiveLatency + frame.DecodeTime).TotalMilliseconds);
                render.Add(encoded.HostTimings.Render.TotalMilliseconds);
                encode.Add(encoded.HostTimings.Encode.TotalMilliseconds);
                mp4?.WriteFrame(encoded.Data.Span);
                if (frames % 15 == 1)
                {
                    PngWriter.Write(Path.Combine(framesDir, $"frame-{frames:D4}.png"), frame.Rgba.Span, frame.Width, frame.Height, frame.Stride);
                    pngs++;
                    if (mp4 is null) PngWriter.Write(videoPath, frame.Rgba.Span, frame.Width, frame.Height, frame.Stride);
                }

                connection.ReportFrameDisplayed(encoded);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The orbit's time is up.
        }

        mp4?.Finish();
        await poses.ConfigureAwait(false);
        return new OrbitResult(poseToReceive, poseToDecoded, render, encode, bytes, frames, pngs, videoPath, connection.GetStatistics());
    }

    private static void Print(IAnsiConsole console, OrbitResult r, double seconds)
    {
        var table = new Table().Title("Frame statistics (client clock)").AddColumns("measure", "p50", "p90", "p99", "max");
        void Row(string name, List<double> values) => table.AddRow(name, Ms(values, 0.5), Ms(values, 0.9), Ms(values, 0.99), Ms(values, 1));
        Row("pose -> received", r.PoseToReceiveMs);
        Row("pose -> decoded", r.PoseToDecodedMs);
        Row("host render + readback", r.RenderMs);
        Row("host encode", r.EncodeMs);
        console.Write(table);
        var fps = r.Frames / seconds;
        var bytesPerFrame = r.Frames == 0 ? 0 : r.Bytes / r.Frames;
        console.MarkupLine($"{r.Frames} frames in {seconds:0.#} s ({fps:0.0} fps), {bytesPerFrame / 1024.0:0.0} KiB/frame, {r.Bytes * 8 / seconds / 1e6:0.0} Mbit/s; {r.Statistics.VideoFramesDiscarded} discarded, {r.PngFrames} saved as PNG.");
    }

    private static string Ms(List<double> values, double q)
    {
        if (values.Count == 0) return "-";
        var sorted = values.Order().ToList();
        var index = (int)Math.Clamp(Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1);
        return $"{sorted[index]:0.0} ms";
    }
}
