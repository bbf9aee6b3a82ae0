using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using ArrHost.Bench.Matrix;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Scene.Builtin;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Commands;

/// <summary>
/// `arr bench render`: render + readback of the baseline's sphere field (10k/100k/1M triangles,
/// 720p/1080p, orbiting camera) on this host's Vulkan device, beside the C baseline (vkbase) built
/// and run in the same invocation when ../shared/baseline is present; then a model (FlightHelmet) from disk
/// to first frame against the 1 s loading goal (<see cref="FirstFrameBenchmark"/>).
/// </summary>
internal static class BenchRenderCommand
{
    private const string DefaultBaseline = "/work/shared/baseline";
    private const double MedianTarget = 1.15, P99Target = 1.3;

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Measured frames per point (0: 120, or 40 at 1M triangles and above, as the baseline)." };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up frames per point.", DefaultValueFactory = _ => 10 };
        var tris = new Option<string>("--tris") { Description = "Triangle targets, comma-separated.", DefaultValueFactory = _ => "10000,100000,1000000" };
        var sizes = new Option<string>("--sizes") { Description = "Resolutions, comma-separated WxH.", DefaultValueFactory = _ => "1280x720,1920x1080" };
        var baseline = new Option<string?>("--baseline") { Description = $"Folder of the C baseline (default {DefaultBaseline} when present)." };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Do not build or run the C baseline." };
        var device = new Option<string?>("--device") { Description = "Vulkan device index or name substring (else ARR_VK_DEVICE, else the best device)." };
        var output = new Option<string?>("--out") { Description = "Also write the results as a Markdown table to this file." };
        var quiet = new Option<int>("--quiet-wait") { Description = "Before each turn, wait up to this many seconds for the machine to be idle (other processes under 15% CPU over 1 s); 0 disables.", DefaultValueFactory = _ => 20 };
        var chunks = new Option<int>("--chunks") { Description = "Turns the measured frames are split into, alternating ArrHost and the baseline.", DefaultValueFactory = _ => 4 };
        var shading = new Option<string>("--shading") { Description = "per-pixel, per-vertex or both (per-vertex does the baseline's amount of shading work).", DefaultValueFactory = _ => "both" };
        var firstFrameModel = new Option<string?>("--first-frame-model") { Description = $"The model timed from disk to first frame (default {FirstFrameBenchmark.DefaultRelativePath} beside the repository; skipped with the reason printed when missing).", HelpName = "PATH" };
        var firstFrameRuns = new Option<int>("--first-frame-runs") { Description = "Disk-to-first-frame runs; the median of each part is reported.", DefaultValueFactory = _ => FirstFrameBenchmark.DefaultRuns };
        var noFirstFrame = new Option<bool>("--no-first-frame") { Description = "Skip the disk-to-first-frame measurement." };
        var firstFrameOnly = new Option<bool>("--first-frame-only") { Description = "Only the disk-to-first-frame measurement (no sphere field, no baseline)." };
        var cmd = new Command("render", $$"""
            Render + readback of the sphere-field scene (10k/100k/1M triangles, 720p/1080p) against the C baseline
            (../shared/baseline, built and run in the same invocation), and FlightHelmet from disk to first frame
            (median of {{FirstFrameBenchmark.DefaultRuns}} runs: load, upload, first frame, total) against the 1 s goal.
            Exit codes: 0 every target met, 3 a target missed, 1 the first-frame model failed to load (or is missing with --first-frame-only), 2 bad options.

            Examples:
              ./arr bench render
              ./arr bench render --tris 10000 --sizes 1280x720 --shading per-vertex --frames 60
              ./arr bench render --no-baseline --out /tmp/render.md
              ./arr bench render --first-frame-only --first-frame-runs 3
            """)
        {
            frames, warmup, tris, sizes, baseline, noBaseline, device, output, shading, chunks, quiet, firstFrameModel, firstFrameRuns, noFirstFrame, firstFrameOnly,
        };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var only = r.GetValue(firstFrameOnly);
            if ((only && r.GetValue(noFirstFrame)) || r.GetValue(firstFrameRuns) < 1)
            {
                Console.Error.WriteLine("bench render: --first-frame-runs must be at least 1, and --first-frame-only and --no-first-frame exclude each other.");
                return 2;
            }

            var firstFrame = r.GetValue(noFirstFrame)
                ? FirstFrameRequest.Skip("--no-first-frame was given")
                : FirstFrameRequest.Locate(r.GetValue(firstFrameModel), r.GetValue(firstFrameRuns));
            if (firstFrame.SkippedBecause is { } why) Console.Error.WriteLine($"bench render: the disk-to-first-frame measurement is skipped: {why}.");
            if (only && firstFrame.Path is null) return 1;
            // --first-frame-only: no sphere-field points, so neither renderers nor the baseline are made for them.
            var targets = only ? [] : r.GetValue(tris)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray();
            var resolutions = only ? [] : r.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseSize).ToArray();
            var baselineDir = only || r.GetValue(noBaseline) ? null : r.GetValue(baseline) ?? FindBaseline();
            ShadingMode[] modes = r.GetValue(shading) switch
            {
                "per-pixel" => [ShadingMode.PerPixel],
                "per-vertex" => [ShadingMode.PerVertex],
                _ => [ShadingMode.PerPixel, ShadingMode.PerVertex],
            };
            s_quietWait = TimeSpan.FromSeconds(Math.Max(0, r.GetValue(quiet)));
            return await RunAsync(targets, resolutions, modes, Math.Max(1, r.GetValue(chunks)), r.GetValue(frames), r.GetValue(warmup), baselineDir, r.GetValue(device), r.GetValue(output), firstFrame, ct);
        });
        return cmd;
    }

    /// <summary>../shared/baseline beside the checkout (as the issue names it), else the workspace's copy.</summary>
    private static string? FindBaseline()
    {
        foreach (var dir in new[] { Path.Combine("..", "shared", "baseline"), DefaultBaseline })
            if (File.Exists(Path.Combine(dir, "vkbase.c"))) return Path.GetFullPath(dir);
        return null;
    }

    private static (int W, int H) ParseSize(string s)
    {
        var parts = s.Trim().Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private sealed record Row(int W, int H, long Tris, long ActualTris, int Frames, ShadingMode Shading, Stats Ours, Stats? Baseline, double RenderMedian, double ReadbackMedian, double CpuPerFrame)
    {
        public string ShadingName => Shading == ShadingMode.PerPixel ? "per-pixel" : "per-vertex";
    }

    internal readonly record struct Stats(double Min, double Median, double P99, double Mean)
    {
        /// <summary>The reports' one definition (<see cref="Percentiles"/>): p99 as vkbase's, the median at rank ceil(n/2) (vkbase's sorted[n/2] is one sample later for even n).</summary>
        public static Stats Of(double[] v)
        {
            var s = (double[])v.Clone();
            Array.Sort(s);
            return new Stats(s[0], Percentiles.NearestRank(s, 0.5), Percentiles.NearestRank(s, 0.99), s.Average());
        }
    }

    private static async Task<int> RunAsync(long[] targets, (int W, int H)[] resolutions, ShadingMode[] modes, int chunks, int frames, int warmup, string? baselineDir,
        string? deviceSelector, string? output, FirstFrameRequest firstFrame, CancellationToken ct)
    {
        string? vkbase = null;
        if (baselineDir is not null)
        {
            vkbase = await BuildBaselineAsync(baselineDir, ct);
            if (vkbase is null) Console.Error.WriteLine("bench render: the baseline could not be built; continuing without it.");
        }

        using var gpu = new GpuDevice(new GpuDeviceOptions { Device = deviceSelector });
        Console.WriteLine($"device: {gpu.Info}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPU(s), {MachineInfo.CpuInfoModel()}, .NET {Environment.Version}, LP_NUM_THREADS={Environment.GetEnvironmentVariable("LP_NUM_THREADS") ?? "(default)"}");
        var rows = new List<Row>();
        foreach (var (w, h) in resolutions)
        {
            var renderers = modes.Select(m => new Renderer(gpu, new RendererOptions { Width = w, Height = h, FramesInFlight = 2, Shading = m })).ToArray();
            try
            {
                var image = new byte[renderers[0].FrameBytes];
                foreach (var target in targets)
                {
                    ct.ThrowIfCancellationRequested();
                    var n = frames > 0 ? frames : target >= 1_000_000 ? 40 : 120;
                    var data = SphereField.Create(target);
                    // Interleave on a shared machine: each renderer and the baseline take turns, in `chunks` runs,
                    // so that load from other processes hits all of them alike.
                    var models = new GpuModel[renderers.Length];
                    for (var m = 0; m < renderers.Length; m++) models[m] = await renderers[m].UploadAsync(data, cancellationToken: ct);
                    var totals = modes.Select(_ => new double[n]).ToArray();
                    var renders = modes.Select(_ => new double[n]).ToArray();
                    var readbacks = modes.Select(_ => new double[n]).ToArray();
                    var cpu = new double[modes.Length];
                    var baselineSamples = vkbase is null ? null : new List<double>(n);
                    var per = (n + chunks - 1) / chunks;
                    for (int start = 0; start < n; start += per)
                    {
                        var count = Math.Min(per, n - start);
                        for (var m = 0; m < renderers.Length; m++)
                        {
                            await WaitForQuietAsync(ct);
                            cpu[m] += await MeasureAsync(renderers[m], models[m], image, start == 0 ? warmup : 2, start, count, totals[m], renders[m], readbacks[m], ct);
                        }
                        if (baselineSamples is not null)
                        {
                            await WaitForQuietAsync(ct);
                            var samples = await RunBaselineAsync(vkbase!, w, h, target, count, ct);
                            if (samples is null) baselineSamples = null;
                            else baselineSamples.AddRange(samples);
                        }
                    }
                    foreach (var model in models) model.Dispose();
                    Stats? theirs = baselineSamples is { Count: > 0 } ? Stats.Of(baselineSamples.ToArray()) : null;
                    var measured = modes.Select((mode, m) => (mode, Stats.Of(totals[m]), Stats.Of(renders[m]).Median, Stats.Of(readbacks[m]).Median, cpu[m] / n)).ToList();
                    foreach (var (mode, total, render, readback, cpuPerFrame) in measured)
                    {
                        var row = new Row(w, h, target, data.PrimitiveCount, n, mode, total, theirs, render, readback, cpuPerFrame);
                        rows.Add(row);
                        PrintRow(row);
                    }
                }
            }
            finally
            {
                foreach (var r in renderers) r.Dispose();
            }
        }
        var loading = await MeasureFirstFrameAsync(gpu, firstFrame, ct);
        Console.WriteLine(FirstFrameBenchmark.Summary(loading));
        var markdown = Markdown(gpu.Info, rows).TrimEnd() + Environment.NewLine + Environment.NewLine + FirstFrameBenchmark.Markdown(loading);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, markdown, ct);
        }
        if (loading.Failed) return 1;
        var pass = rows.All(r => r.Baseline is not { } b || (r.Ours.Median / b.Median <= MedianTarget && r.Ours.P99 / b.P99 <= P99Target));
        return pass && loading.MeetsGoal != false ? 0 : 3;
    }

    /// <summary>The disk-to-first-frame runs after the sphere field, on the same device; a model that fails to load is reported, not thrown.</summary>
    private static async Task<FirstFrameResult> MeasureFirstFrameAsync(GpuDevice gpu, FirstFrameRequest request, CancellationToken ct)
    {
        if (request.Path is not { } path) return FirstFrameResult.Skipped(request.Model, request.SkippedBecause ?? "no model");
        await WaitForQuietAsync(ct);
        try
        {
            return await FirstFrameBenchmark.RunAsync(gpu, path, request.Runs, FirstFrameBenchmark.Width, FirstFrameBenchmark.Height, ct);
        }
        catch (Exception e) when (e is GltfLoadException or ModelUploadException)
        {
            return FirstFrameResult.Failure(path, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Renders frames start..start+count-1 after a warm-up; returns the process CPU milliseconds of the measured frames.</summary>
    private static async Task<double> MeasureAsync(Renderer renderer, GpuModel model, byte[] image, int warmup, int start, int count,
        double[] totals, double[] renders, double[] readbacks, CancellationToken ct)
    {
        var instances = new DrawInstance[1];
        var cpu0 = TimeSpan.Zero;
        for (var f = -warmup; f < count; f++)
        {
            if (f == 0) cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var (pose, world) = Orbit(start + Math.Max(f, 0));
            instances[0] = new DrawInstance(model, world);
            var t0 = Stopwatch.GetTimestamp();
            var timings = await renderer.RenderAsync(pose, instances, image, cancellationToken: ct);
            if (f < 0) continue;
            totals[start + f] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            renders[start + f] = timings.RenderMicros / 1000;
            readbacks[start + f] = timings.ReadbackMicros / 1000;
        }
        return count > 0 ? (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds : 0;
    }

    private static TimeSpan s_quietWait = TimeSpan.FromSeconds(20);
    private static int s_noisyTurns, s_turns;

    /// <summary>Waits (bounded) until the whole machine is under 15% busy for one second, as baseline/quietrun.sh does.</summary>
    private static async Task WaitForQuietAsync(CancellationToken ct)
    {
        s_turns++;
        if (s_quietWait <= TimeSpan.Zero || !File.Exists("/proc/stat")) return;
        var deadline = Stopwatch.GetTimestamp() + (long)(s_quietWait.TotalSeconds * Stopwatch.Frequency);
        var (busy0, total0) = CpuLoad.Machine();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(1000, ct);
            var (busy1, total1) = CpuLoad.Machine();
            var share = total1 > total0 ? (double)(busy1 - busy0) / (total1 - total0) : 1;
            (busy0, total0) = (busy1, total1);
            if (share < 0.15) return;
        }
        s_noisyTurns++;
    }

    /// <summary>The baseline's camera: a small orbit and a slowly rotating grid.</summary>
    private static (CameraPose Pose, Matrix4x4 World) Orbit(int frame)
    {
        var a = 0.15f * MathF.Sin(frame * 0.02f);
        var b = 0.6f * MathF.Sin(frame * 0.013f);
        var eye = new Vector3(12.5f * MathF.Sin(a), b, 12.5f * MathF.Cos(a));
        var pose = CameraPose.LookAt(eye, Vector3.Zero, Vector3.UnitY, 60f * MathF.PI / 180f, 0.5f, 100f);
        return (pose, Matrix4x4.CreateRotationZ(frame * 0.003f));
    }

    private static void PrintRow(Row r)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{r.W}x{r.H} {r.ActualTris,9:N0} tris {r.ShadingName,-10} ours min {r.Ours.Min,6:F2} median {r.Ours.Median,7:F2} p99 {r.Ours.P99,7:F2} ms (render {r.RenderMedian:F2}, readback {r.ReadbackMedian:F2}, cpu {r.CpuPerFrame:F1}/frame)");
        if (r.Baseline is { } b)
            line.Append(CultureInfo.InvariantCulture, $"  vkbase min {b.Min,6:F2} median {b.Median,7:F2} p99 {b.P99,7:F2} ms  ratio {r.Ours.Median / b.Median:F2} / {r.Ours.P99 / b.P99:F2}");
        Console.WriteLine(line);
    }

    private static string Markdown(DeviceInfo device, List<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Device: {device}; {Environment.ProcessorCount} CPU(s), {MachineInfo.CpuInfoModel()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Turns measured on a busy machine (no idle second within the quiet wait): {s_noisyTurns} of {s_turns}.");
        sb.AppendLine();
        if (rows.Count == 0) return sb.ToString();
        sb.AppendLine("| res | tris | shading | frames | ArrHost median / p99 (ms) | vkbase median / p99 (ms) | ratio median (≤1.15) | ratio p99 (≤1.3) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var b = r.Baseline;
            var theirs = b is { } x
                ? string.Create(CultureInfo.InvariantCulture, $"{x.Median:F2} / {x.P99:F2} | {r.Ours.Median / x.Median:F2} | {r.Ours.P99 / x.P99:F2} |")
                : "- | - | - |";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.W}x{r.H} | {r.ActualTris:N0} | {r.ShadingName} | {r.Frames} | {r.Ours.Median:F2} / {r.Ours.P99:F2} | {theirs}");
        }
        return sb.ToString();
    }

    private static async Task<string?> BuildBaselineAsync(string dir, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), "arr-vkbase-" + Environment.ProcessId);
        Directory.CreateDirectory(temp);
        foreach (var file in Directory.GetFiles(dir))
            File.Copy(file, Path.Combine(temp, Path.GetFileName(file)), overwrite: true);
        var (code, text) = await RunProcessAsync("sh", temp, ct, "./build.sh");
        // build.sh also builds the encoder tools, which need more -dev packages: vkbase alone is enough here.
        if (!File.Exists(Path.Combine(temp, "vkbase")))
        {
            Console.Error.WriteLine($"baseline build.sh exited {code}: {text}");
            return null;
        }
        return Path.Combine(temp, "vkbase");
    }

    /// <summary>Runs vkbase (seq mode) and returns its per-frame totals (render + copy + map), from VKBASE_TRACE.</summary>
    private static async Task<double[]?> RunBaselineAsync(string vkbase, int w, int h, long tris, int frames, CancellationToken ct)
    {
        var (code, text) = await RunProcessAsync(vkbase, Path.GetDirectoryName(vkbase)!, ct,
            w.ToString(CultureInfo.InvariantCulture), h.ToString(CultureInfo.InvariantCulture), tris.ToString(CultureInfo.InvariantCulture),
            frames.ToString(CultureInfo.InvariantCulture), "--mode", "seq");
        var matches = Regex.Matches(text, @"frame \d+ render ([\d.]+) copy ([\d.]+) map ([\d.]+)");
        if (code != 0 || matches.Count != frames)
        {
            Console.Error.WriteLine($"vkbase failed ({code}): {text}");
            return null;
        }
        return matches.Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)).ToArray();
    }

    private static async Task<(int Code, string Output)> RunProcessAsync(string file, string workDir, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["VKBASE_TRACE"] = "1";
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }
}
