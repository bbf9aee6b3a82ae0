using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArrHost.Bench.Snapshots;
using ArrHost.Client.Media;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Models;
using ArrHost.Rendering.Scene;
using ArrHost.Tooling.Camera;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Bench.Commands;

/// <summary>
/// <c>arr render MODEL --out image.png</c>: renders one frame of a model in this process on the
/// host's renderer (no region needed) and writes it as a PNG, framing the model automatically
/// when no camera is given.
/// </summary>
internal static class RenderCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model")
        {
            Description = "A .gltf/.glb file, or a builtin model: builtin:cube, builtin:spheres?triangles=100000.",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "The PNG to write (its folder is created). Default: out/render-<model>.png.",
            HelpName = "image.png",
        };
        var width = SizeOption("--width", 1280);
        var height = SizeOption("--height", 720);
        var camera = new Option<string?>("--camera")
        {
            Description = "Eye, target and optional vertical field of view in degrees: \"ex,ey,ez:tx,ty,tz[:fov]\". Default: framed automatically (the bounding sphere fits the view, seen slightly from above at the front-right).",
            HelpName = "ex,ey,ez:tx,ty,tz[:fov]",
        };
        var assetRoot = new Option<string?>("--asset-root")
        {
            Description = "The folder every file the model references must lie in. Default: the model's own folder.",
            HelpName = "DIR",
        };
        var device = new Option<string?>("--device")
        {
            Description = "The Vulkan device by index or part of its name. Default: $ARR_VK_DEVICE, else discrete > integrated > CPU (lavapipe).",
        };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to stdout." };

        var command = new Command(
            "render",
            """
            Render one frame of a model to a PNG in this process, on the render host's Vulkan renderer (no region needed).
            Prints the file, the triangle count, the device and the render time.
            Exit codes: 0 ok, 1 the model could not be loaded or rendered, 2 bad options.

            Examples:
              arr render ../shared/gltf-samples/Duck/glTF-Binary/Duck.glb --out out/duck.png
              arr render builtin:spheres?triangles=100000 --width 1920 --height 1080 --out out/spheres.png
              arr render model.gltf --camera "0,1.5,4:0,0.5,0:40" --out out/model.png
            """);
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(camera);
        command.Options.Add(assetRoot);
        command.Options.Add(device);
        command.Options.Add(json);
        command.SetAction(async (r, ct) =>
        {
            try
            {
                return await RunAsync(context, new RenderRequest(
                    r.GetValue(model)!, r.GetValue(output), r.GetValue(width), r.GetValue(height),
                    r.GetValue(camera), r.GetValue(assetRoot), r.GetValue(device), r.GetValue(json)), ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(context, ex, ct);
            }
        });
        return command;
    }

    internal sealed record RenderRequest(string Model, string? Output, int Width, int Height, string? Camera, string? AssetRoot, string? Device, bool Json);

    internal static async Task<int> RunAsync(CliContext context, RenderRequest request, CancellationToken ct)
    {
        // Options first (exit 2), before anything slow.
        (System.Numerics.Vector3 Eye, System.Numerics.Vector3 Target, float? Fov)? fixedCamera =
            request.Camera is null ? null : CameraArgument.ParseCamera(request.Camera);
        if (request.AssetRoot is not null && !Directory.Exists(request.AssetRoot))
            throw new UsageException($"--asset-root {request.AssetRoot} is not a folder.");
        var outPath = Path.GetFullPath(request.Output ?? Path.Combine("out", $"render-{SafeName(request.Model)}.png"));
        if (!outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--out {request.Output} must name a .png file.");

        var loadStart = Stopwatch.GetTimestamp();
        ModelData data;
        try
        {
            data = await SingleFrameRenderer.LoadModelAsync(request.Model, request.AssetRoot, null, ct).ConfigureAwait(false);
        }
        catch (ModelLoadException ex)
        {
            context.Error.WriteLine($"arr: cannot load the model: {ex.Message}");
            return ExitCodes.Error;
        }

        var loadTime = Stopwatch.GetElapsedTime(loadStart);
        var bounds = new ModelBounds(data.BoundsMin, data.BoundsMax);
        CameraView? view = fixedCamera is { } c
            ? CameraArgument.Fixed(c.Eye, c.Target, bounds, c.Fov ?? CameraLens.DefaultFovDegrees)
            : null;

        SingleFrame frame;
        string deviceName;
        try
        {
            using var gpu = GpuContext.Create(request.Device ?? "");
            deviceName = gpu.Device.Info.Name;
            frame = await SingleFrameRenderer.RenderAsync(gpu, data, request.Width, request.Height, view, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Error.WriteLine($"arr: rendering failed: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Error;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        PngWriter.Write(outPath, frame.Rgba, frame.Width, frame.Height);

        var inv = CultureInfo.InvariantCulture;
        if (request.Json)
        {
            var result = new JsonObject
            {
                ["path"] = outPath,
                ["model"] = request.Model,
                ["width"] = frame.Width,
                ["height"] = frame.Height,
                ["triangles"] = data.PrimitiveCount,
                ["device"] = deviceName,
                ["loadMs"] = Math.Round(loadTime.TotalMilliseconds, 3),
                ["uploadMs"] = Math.Round(frame.UploadTime.TotalMilliseconds, 3),
                ["renderMs"] = Math.Round(frame.RenderTime.TotalMilliseconds, 3),
                ["gpuRenderMs"] = Math.Round(frame.GpuRenderTime.TotalMilliseconds, 3),
                ["readbackMs"] = Math.Round(frame.ReadbackTime.TotalMilliseconds, 3),
                ["camera"] = new JsonObject
                {
                    ["position"] = new JsonArray(frame.Camera.Position.X, frame.Camera.Position.Y, frame.Camera.Position.Z),
                    ["orientation"] = new JsonArray(frame.Camera.Orientation.X, frame.Camera.Orientation.Y, frame.Camera.Orientation.Z, frame.Camera.Orientation.W),
                    ["fovDegrees"] = frame.Camera.VerticalFovDegrees,
                    ["near"] = frame.Camera.Near,
                    ["far"] = frame.Camera.Far,
                },
                ["warnings"] = new JsonArray([.. data.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
            };
            context.Output.WriteLine(result.ToJsonString(s_json));
        }
        else
        {
            foreach (var warning in data.Warnings) context.Error.WriteLine($"arr: warning: {warning}");
            context.Output.WriteLine(outPath);
            context.Output.WriteLine(string.Create(inv,
                $"  {frame.Width}x{frame.Height}, {data.PrimitiveCount:N0} triangles, on {deviceName}"));
            context.Output.WriteLine(string.Create(inv,
                $"  load {loadTime.TotalMilliseconds:0.0} ms, upload {frame.UploadTime.TotalMilliseconds:0.0} ms, render {frame.RenderTime.TotalMilliseconds:0.0} ms (GPU {frame.GpuRenderTime.TotalMilliseconds:0.0} ms, readback {frame.ReadbackTime.TotalMilliseconds:0.0} ms)"));
            if (frame.OverBudget) context.Output.WriteLine("  over the primitive budget: a checkerboard was drawn instead of the model.");
        }

        return ExitCodes.Ok;
    }

    private static Option<int> SizeOption(string name, int fallback)
    {
        var option = new Option<int>(name) { Description = $"Image {name[2..]} in pixels (16..8192).", DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v is < 16 or > 8192) r.AddError($"{name} must be 16..8192, not {v}.");
        });
        return option;
    }

    private static string SafeName(string model)
    {
        var name = model.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase)
            ? model["builtin:".Length..].Split('?')[0]
            : Path.GetFileNameWithoutExtension(model);
        var safe = new string([.. name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_')]);
        return safe.Length == 0 ? "model" : safe;
    }
}
