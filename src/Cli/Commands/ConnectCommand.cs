using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ArrHost.Cli.Output;
using ArrHost.Cli.Rendering;
using ArrHost.Client;
using ArrHost.Tooling.Camera;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Cli.Commands;

/// <summary>
/// <c>arr connect</c>: the main job through the SDK against a running region. Creates or opens a
/// session, waits for Ready, connects as its one client, loads a model, drives the camera along a
/// path at the pose rate, records the stream (MP4, MJPEG or PNG frames) and prints statistics;
/// stops the session when it created it.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var session = new Option<string?>("--session") { Description = "The id of an existing session to connect to.", HelpName = "ID" };
        var create = new Option<bool>("--create") { Description = "Create a session (stopped again at the end)." };
        var size = new Option<string>("--size") { Description = "With --create: standard or premium.", DefaultValueFactory = _ => "standard", HelpName = "standard|premium" };
        var lease = Range("--lease", 10, 1, 1440, "With --create: the lease in minutes");
        var model = new Option<string>("--model")
        {
            Description = "What to load: builtin:cube, builtin:spheres?triangles=N, a path under the host's asset root, or an http(s) URL the host allows.",
            Required = true,
            HelpName = "URL",
        };
        var codec = new Option<string>("--codec") { Description = "The stream's codec: h264 (saved as stream.mp4), jpeg (stream.mjpeg) or raw (PNG frames).", DefaultValueFactory = _ => "h264", HelpName = "h264|jpeg|raw" };
        codec.Validators.Add(r =>
        {
            var c = r.GetValueOrDefault<string>();
            if (c is not null && !TryParseCodec(c, out _)) r.AddError($"--codec must be h264, jpeg or raw, not '{c}'.");
        });
        var width = Range("--width", 1280, 16, 8192, "Frame width in pixels");
        var height = Range("--height", 720, 16, 8192, "Frame height in pixels");
        var seconds = new Option<double>("--seconds") { Description = "How long to stream (0.1..3600 s).", DefaultValueFactory = _ => 5 };
        seconds.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v >= 0.1 && v <= 3600)) r.AddError("--seconds must be 0.1..3600.");
        });
        var fps = Range("--fps", 60, 1, 240, "Poses sent per second (and the highest frame rate asked for)");
        var path = new Option<string>("--path")
        {
            Description = "The camera path: orbit (one turn around the model's bounds per run), dolly (in and out once), or a JSON file of keyframes [{\"t\":0,\"eye\":[x,y,z],\"target\":[x,y,z]},...] interpolated linearly.",
            DefaultValueFactory = _ => "orbit",
            HelpName = "orbit|dolly|FILE.json",
        };
        var output = new Option<string>("--out") { Description = "Folder for the stream and PNG files (created).", DefaultValueFactory = _ => "out/connect", HelpName = "DIR" };
        var pngEvery = Range("--save-png-every", 0, 0, 1_000_000, "Save every Nth frame as PNG (0: none; raw streams save every frame)");
        var quality = Range("--quality", 85, 1, 100, "JPEG quality");
        var subsampling = new Option<string>("--subsampling") { Description = "JPEG chroma subsampling: 420, 422 or 444.", DefaultValueFactory = _ => "420", HelpName = "420|422|444" };
        subsampling.Validators.Add(r =>
        {
            var s = r.GetValueOrDefault<string>();
            if (s is not ("420" or "422" or "444")) r.AddError($"--subsampling must be 420, 422 or 444, not '{s}'.");
        });
        var bitrate = Range("--bitrate", 0, 0, 1_000_000, "H.264 target bitrate in kbit/s (0: constant quality)");
        var gop = Range("--gop", 60, 1, 10_000, "H.264 keyframe interval in frames");

        var command = new Command(
            "connect",
            """
            Connect to a session as its one client, load a model, move the camera along a path and receive the frames:
            saves the stream as a playable video (H.264: stream.mp4; JPEG: stream.mjpeg; raw: PNG frames), every Nth frame
            as PNG, and prints frame statistics (frame rate, pose-to-receive latency percentiles, bytes/frame, Mbit/s, host stages).
            With --create, creates the session, waits for Ready with progress, and stops it at the end.
            Exit codes: 0 ok, 1 error, 2 usage, 3 session not found, 4 unauthenticated, 5 unavailable, 6 session ended, 7 refused, 130 cancelled.

            Examples:
              arr connect --create --model builtin:spheres?triangles=100000 --seconds 5 --out out/orbit
              arr connect --session demo-1 --model Duck/glTF-Binary/Duck.glb --codec jpeg --path dolly --save-png-every 30
              arr connect --create --model builtin:cube --path camera.json --json
              arr connect --create --model builtin:cube --codec jpeg --quality 95 --subsampling 444
              arr connect --create --model builtin:cube --codec h264 --bitrate 8000 --gop 30
            """);
        common.AddTo(command);
        foreach (var o in new Option[] { session, create, size, lease, model, codec, width, height, seconds, fps, path, output, pngEvery, quality, subsampling, bitrate, gop }) command.Options.Add(o);
        command.Validators.Add(r =>
        {
            var hasSession = !string.IsNullOrEmpty(r.GetValue(session));
            if (hasSession == r.GetValue(create)) r.AddError("pass either --session ID or --create.");
        });
        command.SetAction((r, ct) => common.RunAsync(r, context, (client, token) => RunAsync(context, client, new ConnectRequest(
            r.GetValue(session), r.GetValue(create), SessionCreateCommand.ParseSize(r.GetValue(size)!), r.GetValue(lease),
            r.GetValue(model)!, ParseCodec(r.GetValue(codec)!), r.GetValue(width), r.GetValue(height),
            TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(fps), r.GetValue(path)!, r.GetValue(output)!, r.GetValue(pngEvery), r.GetValue(common.Json))
        {
            JpegQuality = r.GetValue(quality),
            JpegSubsampling = r.GetValue(subsampling) switch { "422" => JpegSubsampling.Yuv422, "444" => JpegSubsampling.Yuv444, _ => JpegSubsampling.Yuv420 },
            BitrateKbps = r.GetValue(bitrate),
            GopLength = r.GetValue(gop),
        }, token), ct));
        return command;
    }

    internal sealed record ConnectRequest(
        string? SessionId, bool Create, RenderingSessionSize Size, int LeaseMinutes, string Model, FrameCodec Codec,
        int Width, int Height, TimeSpan Duration, int Fps, string Path, string OutputDirectory, int PngEvery, bool Json)
    {
        public int JpegQuality { get; init; } = 85;
        public JpegSubsampling JpegSubsampling { get; init; } = JpegSubsampling.Yuv420;
        public int BitrateKbps { get; init; }
        public int GopLength { get; init; } = 60;
    }

    internal static bool TryParseCodec(string text, out FrameCodec codec)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "h264" or "h.264" or "avc": codec = FrameCodec.H264; return true;
            case "jpeg" or "jpg" or "mjpeg": codec = FrameCodec.Jpeg; return true;
            case "raw" or "rgba": codec = FrameCodec.Raw; return true;
            default: codec = default; return false;
        }
    }

    private static FrameCodec ParseCodec(string text) =>
        TryParseCodec(text, out var c) ? c : throw new UsageException($"--codec must be h264, jpeg or raw, not '{text}'.");

    internal static async Task<int> RunAsync(CliContext context, RemoteRenderingClient client, ConnectRequest request, CancellationToken ct)
    {
        if (request.Codec == FrameCodec.H264 && (request.Width % 2 != 0 || request.Height % 2 != 0))
            throw new UsageException("H.264 needs an even --width and --height.");
        var pathIsBuiltin = request.Path.Trim().ToLowerInvariant() is "orbit" or "dolly";
        if (!pathIsBuiltin)
        {
            // Check the keyframe file before a session is created (exit 2 on a bad one).
            CameraPaths.Create(request.Path, new ModelBounds(-System.Numerics.Vector3.One, System.Numerics.Vector3.One), CameraLens.For(request.Width, request.Height), request.Duration.TotalSeconds);
        }

        var json = request.Json;
        RenderingSession rendering;
        if (request.Create)
        {
            rendering = await client.CreateNewRenderingSessionAsync(
                new RenderingSessionCreationOptions { MaxLeaseInMinutes = request.LeaseMinutes, Size = request.Size }, ct).ConfigureAwait(false);
            if (!json) context.Out.MarkupLine($"Session [bold]{Markup.Escape(rendering.SessionUuid)}[/] created ({request.Size}, lease {request.LeaseMinutes} min).");
        }
        else
        {
            rendering = await client.OpenRenderingSessionAsync(request.SessionId!, ct).ConfigureAwait(false);
        }

        try
        {
            var properties = json
                ? await rendering.WaitForReadyAsync(null, ct).ConfigureAwait(false)
                : await SessionCreateCommand.WaitWithProgressAsync(context, rendering, ct).ConfigureAwait(false);
            return await StreamAsync(context, rendering, properties, request, ct).ConfigureAwait(false);
        }
        finally
        {
            await rendering.DisconnectAsync().ConfigureAwait(false);
            if (request.Create) await StopQuietlyAsync(context, rendering, json).ConfigureAwait(false);
        }
    }

    private static async Task<int> StreamAsync(CliContext context, RenderingSession rendering, RenderingSessionProperties properties, ConnectRequest request, CancellationToken ct)
    {
        var json = request.Json;
        var connection = await rendering.ConnectAsync(new RendererInitOptions
        {
            Codec = request.Codec,
            Width = request.Width,
            Height = request.Height,
            MaxFrameRate = request.Fps,
            JpegQuality = request.JpegQuality,
            JpegSubsampling = request.JpegSubsampling,
            BitrateKbps = request.BitrateKbps,
            GopLength = request.GopLength,
            FrameBufferCapacity = 8,
        }, ct).ConfigureAwait(false);
        if (!json)
        {
            context.Out.MarkupLine($"Connected to [bold]{Markup.Escape(properties.RenderEndpoint)}[/]: {Markup.Escape(connection.HostDeviceName)}, {request.Codec} ({Markup.Escape(connection.Encoder)}) {request.Width}x{request.Height}.");
        }

        var load = json
            ? await connection.LoadModelAsync(new LoadModelOptions { Url = request.Model }, null, ct).ConfigureAwait(false)
            : await LoadWithProgressAsync(context, connection, request.Model, ct).ConfigureAwait(false);
        foreach (var warning in load.Warnings) context.Error.WriteLine($"arr: warning: {warning}");
        var bounds = new ModelBounds(load.BoundsMin, load.BoundsMax).OrUnit();
        var lens = CameraLens.For(request.Width, request.Height);
        var cameraPath = CameraPaths.Create(request.Path, bounds, lens, request.Duration.TotalSeconds);
        if (!json)
        {
            context.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Loaded [bold]{Markup.Escape(request.Model)}[/]: {load.PrimitiveCount:N0} triangles{(load.SharedResources ? " (shared)" : "")}; camera path {cameraPath.Name} for {request.Duration.TotalSeconds:0.#} s at {request.Fps} poses/s."));
        }

        var statistics = new StreamStatistics();
        PathStreamResult result;
        using (var recorder = new StreamRecorder(request.OutputDirectory, request.Codec, request.Width, request.Height, request.Fps, request.PngEvery))
        {
            if (json)
            {
                result = await PathStreamer.RunAsync(connection, cameraPath, request.Duration, request.Fps, statistics, recorder, null, ct).ConfigureAwait(false);
            }
            else
            {
                result = null!;
                await context.Out.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progressContext =>
                    {
                        var task = progressContext.AddTask("Streaming", maxValue: 1);
                        var progress = new SyncProgress<double>(f => task.Value = f);
                        result = await PathStreamer.RunAsync(connection, cameraPath, request.Duration, request.Fps, statistics, recorder, progress, ct).ConfigureAwait(false);
                        task.Value = 1;
                    }).ConfigureAwait(false);
            }

            recorder.Dispose();
            Report(context, request, connection, load, cameraPath, statistics, recorder, result);
        }

        if (result.DisconnectReason is { } reason && reason != ConnectionStatusReasons.Disconnected)
        {
            context.Error.WriteLine($"arr: the connection ended early: {reason}{(string.IsNullOrEmpty(result.DisconnectMessage) ? "" : ": " + result.DisconnectMessage)}");
            return reason is ConnectionStatusReasons.SessionStopped or ConnectionStatusReasons.SessionExpired or ConnectionStatusReasons.SessionError
                ? ExitCodes.SessionEnded
                : ExitCodes.Error;
        }

        return statistics.Frames > 0 ? ExitCodes.Ok : NoFrames(context);
    }

    private static int NoFrames(CliContext context)
    {
        context.Error.WriteLine("arr: no frame arrived while the camera moved.");
        return ExitCodes.Error;
    }

    private static void Report(CliContext context, ConnectRequest request, RenderingConnection connection, LoadModelResult load,
        CameraPath path, StreamStatistics statistics, StreamRecorder recorder, PathStreamResult result)
    {
        if (request.Json)
        {
            var node = new JsonObject
            {
                ["session"] = connection.SessionId,
                ["created"] = request.Create,
                ["model"] = new JsonObject
                {
                    ["url"] = request.Model,
                    ["triangles"] = load.PrimitiveCount,
                    ["boundsMin"] = new JsonArray(load.BoundsMin.X, load.BoundsMin.Y, load.BoundsMin.Z),
                    ["boundsMax"] = new JsonArray(load.BoundsMax.X, load.BoundsMax.Y, load.BoundsMax.Z),
                },
                ["codec"] = request.Codec.ToString().ToLowerInvariant(),
                ["encoder"] = connection.Encoder,
                ["device"] = connection.HostDeviceName,
                ["width"] = request.Width,
                ["height"] = request.Height,
                ["path"] = path.Name,
                ["posesSent"] = result.PosesSent,
                ["disconnectReason"] = result.DisconnectReason,
                ["files"] = new JsonObject
                {
                    ["directory"] = recorder.Directory,
                    ["stream"] = recorder.StreamPath,
                    ["streamFrames"] = recorder.FramesWritten,
                    ["pngs"] = new JsonArray([.. recorder.PngPaths.Select(p => (JsonNode?)JsonValue.Create(p))]),
                },
                ["statistics"] = statistics.ToJson(),
            };
            context.Output.WriteLine(SessionOutput.Serialize(node));
            return;
        }

        context.Out.Write(statistics.ToTable());
        if (recorder.StreamPath is not null)
            context.Output.WriteLine($"Stream: {recorder.StreamPath} ({recorder.FramesWritten} frames)");
        if (recorder.PngPaths.Count > 0)
            context.Output.WriteLine($"PNG frames: {recorder.PngPaths.Count} in {recorder.Directory} (first {Path.GetFileName(recorder.PngPaths[0])})");
    }

    private static async Task<LoadModelResult> LoadWithProgressAsync(CliContext context, RenderingConnection connection, string model, CancellationToken ct)
    {
        LoadModelResult? result = null;
        await context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask("Loading model", maxValue: 1);
                var progress = new SyncProgress<float>(f => task.Value = Math.Clamp(f, task.Value, 1));
                result = await connection.LoadModelAsync(new LoadModelOptions { Url = model }, progress, ct).ConfigureAwait(false);
                task.Value = 1;
            }).ConfigureAwait(false);
        return result!;
    }

    private static async Task StopQuietlyAsync(CliContext context, RenderingSession rendering, bool json)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await rendering.StopAsync(timeout.Token).ConfigureAwait(false);
            if (!json) context.Out.MarkupLine($"Session [bold]{Markup.Escape(rendering.SessionUuid)}[/] stopped.");
        }
        catch (Exception ex)
        {
            context.Error.WriteLine($"arr: could not stop session {rendering.SessionUuid}: {ex.Message} (stop it with `arr session stop {rendering.SessionUuid}`).");
        }
    }

    private static Option<int> Range(string name, int fallback, int min, int max, string description)
    {
        var option = new Option<int>(name) { Description = $"{description} ({min}..{max}).", DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < min || v > max) r.AddError($"{name} must be {min}..{max}, not {v}.");
        });
        return option;
    }

    /// <summary>Reports on the caller's thread (System.Progress would post to the thread pool, after the bar is gone).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
