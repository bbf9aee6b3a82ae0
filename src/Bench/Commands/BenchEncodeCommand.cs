using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ArrHost.Bench.Matrix;
using ArrHost.Rendering.Encoding;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Commands;

/// <summary>
/// `arr bench encode`: per-frame encode cost of the host's x264 (colour conversion included) and
/// JPEG encoders on the baseline's 120-frame moving-camera sequence, beside the C baseline
/// (../shared/baseline encbase) run in the same invocation.
/// </summary>
internal static class BenchEncodeCommand
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames of the sequence to encode.", DefaultValueFactory = _ => 120 };
        var sizes = new Option<string>("--sizes") { Description = "Resolutions, e.g. 1280x720,1920x1080.", DefaultValueFactory = _ => "1280x720,1920x1080" };
        var seqDir = new Option<string>("--seq-dir") { Description = "Where seq_WxH.rgba sequences are (or are rendered to).", DefaultValueFactory = _ => Path.GetTempPath() };
        var baselineDir = new Option<string?>("--baseline-dir") { Description = "The C baseline's folder (default: shared/baseline found above the current folder)." };
        var rounds = new Option<int>("--rounds") { Description = "Alternating baseline/ArrHost rounds per resolution; the best median of each side is compared.", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Markdown report to write (e.g. bench/results/encode.md)." };
        var cmd = new Command("encode", """
            Encode cost per frame (x264 incl. RGBA->YUV, JPEG) beside the C baseline's encbase, on the baseline's
            moving-camera sequence (rendered first when missing).

            Examples:
              ./arr bench encode
              ./arr bench encode --rounds 3 --out bench/results/encode.md
              ./arr bench encode --sizes 1280x720 --frames 60 --rounds 1
            """);
        cmd.Options.Add(frames);
        cmd.Options.Add(sizes);
        cmd.Options.Add(seqDir);
        cmd.Options.Add(baselineDir);
        cmd.Options.Add(rounds);
        cmd.Options.Add(output);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var report = new StringBuilder();
            int code = await RunAsync(r.GetValue(frames), r.GetValue(sizes)!, r.GetValue(seqDir)!, r.GetValue(baselineDir), Math.Max(1, r.GetValue(rounds)), report, ct);
            string? outPath = r.GetValue(output);
            if (outPath != null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
                await File.WriteAllTextAsync(outPath, report.ToString(), ct);
                Console.WriteLine($"wrote {outPath}");
            }
            return code;
        });
        return cmd;
    }

    private sealed record Stat(double Median, double P99, double Min);

    private sealed record Side(Stat Time, double MedianBytes, double MeanBytes, double MaxBytes, Stat? Convert = null)
    {
        /// <summary>CPU time other processes used during the run, as a share of the machine (like the baseline's quietrun.sh).</summary>
        public double Foreign { get; set; }

        public double MbitAt60 => MeanBytes * 8 * 60 / 1e6;
    }

    private static async Task<int> RunAsync(int frameCount, string sizeList, string seqDir, string? baselineDir, int rounds, StringBuilder md, CancellationToken ct)
    {
        string? baseline = FindBaseline(baselineDir);
        (string? encbase, string? vkbase) = baseline == null ? (null, null) : await BuildBaselineAsync(baseline, ct);
        md.AppendLine("# Encode benchmark: ArrHost encoders vs the C baseline (encbase)").AppendLine();
        md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `./arr bench encode --rounds {rounds}`.").AppendLine();
        md.AppendLine("## Machine").AppendLine();
        md.AppendLine($"| item | value |\n|---|---|\n| CPU | {MachineInfo.CpuInfoModel()}, {Environment.ProcessorCount} vCPU |\n| OS | {System.Runtime.InteropServices.RuntimeInformation.OSDescription} |\n| .NET | {Environment.Version} |");
        md.AppendLine($"| libs | libavcodec {MachineInfo.PackageVersion("libavcodec59") ?? "?"}, libx264 {MachineInfo.PackageVersion("libx264-164") ?? "?"}, libturbojpeg {MachineInfo.PackageVersion("libturbojpeg0") ?? "?"} |");
        md.AppendLine($"| load average at start | {MachineInfo.LoadAverage()} |").AppendLine();
        md.AppendLine(encbase == null ? "**C baseline not available** (no shared/baseline or its build failed): only ArrHost numbers.\n" : $"C baseline: `{encbase}` built from `{baseline}` with its build.sh; run as `encbase SEQ W H` (JPEG q85 4:2:0 + x264 threads=auto, SWS_BILINEAR).\n");

        foreach (string size in sizeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] wh = size.Split('x');
            int w = int.Parse(wh[0], s_inv), h = int.Parse(wh[1], s_inv);
            (string seqPath, string seqNote) = await EnsureSequenceAsync(seqDir, w, h, frameCount, vkbase, ct);
            Console.WriteLine($"== {w}x{h}: {seqNote}");
            byte[][] frames = Load(seqPath, w, h, frameCount);
            var cJpeg = new List<Side>();
            var cX264 = new List<Side>();
            var netJpeg = new List<Side>();
            var netX264 = new List<Side>();
            var netX264Sws = new List<Side>();
            for (int round = 0; round < rounds; round++)
            {
                if (encbase != null)
                {
                    (Side? j, Side? x) = await QuietAsync(() => RunEncbaseAsync(encbase, seqPath, w, h, ct), (r, f) => { if (r.Item1 != null) r.Item1.Foreign = f; if (r.Item2 != null) r.Item2.Foreign = f; }, ct);
                    if (j != null) cJpeg.Add(j);
                    if (x != null) cX264.Add(x);
                }
                netJpeg.Add(await QuietAsync(() => Task.FromResult(BenchJpeg(frames, w, h)), (r, f) => r.Foreign = f, ct));
                netX264.Add(await QuietAsync(() => Task.FromResult(BenchX264(frames, w, h, ColorConversion.Simd)), (r, f) => r.Foreign = f, ct));
                netX264Sws.Add(await QuietAsync(() => Task.FromResult(BenchX264(frames, w, h, ColorConversion.SwsBilinear)), (r, f) => r.Foreign = f, ct));
                Console.WriteLine($"   round {round + 1}: JPEG C {Fmt(cJpeg.LastOrDefault())} | ArrHost {Fmt(netJpeg[^1])};  x264 C {Fmt(cX264.LastOrDefault())} | ArrHost {Fmt(netX264[^1])} (sws-bilinear variant {Fmt(netX264Sws[^1])})");
            }
            md.AppendLine($"## {w}x{h}").AppendLine().AppendLine($"Input: {seqNote}").AppendLine();
            md.AppendLine("| encoder | round | ms/frame median / p99 | colour conversion median | bytes/frame median; mean; max (KiB) | Mbit/s @60 fps | foreign CPU |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            void Rows(string name, List<Side> sides)
            {
                for (int i = 0; i < sides.Count; i++)
                {
                    Side s = sides[i];
                    string conv = s.Convert == null ? "" : s.Convert.Median.ToString("F2", s_inv);
                    md.AppendLine(s_inv, $"| {name} | {i + 1} | {s.Time.Median:F2} / {s.Time.P99:F2} | {conv} | {s.MedianBytes / 1024:F1}; {s.MeanBytes / 1024:F1}; {s.MaxBytes / 1024:F1} | {s.MbitAt60:F1} | {s.Foreign * 100:F0}% |");
                }
            }
            Rows("C encbase JPEG q85 4:2:0", cJpeg);
            Rows("ArrHost JPEG q85 4:2:0 (libturbojpeg)", netJpeg);
            Rows("C encbase x264 (sws bilinear + enc)", cX264);
            Rows("ArrHost x264 (SIMD convert + enc)", netX264);
            Rows("ArrHost x264 (sws bilinear + enc, like-for-like)", netX264Sws);
            md.AppendLine();
            if (cJpeg.Count > 0 && cX264.Count > 0)
            {
                double rj = Best(netJpeg) / Best(cJpeg), rx = Best(netX264) / Best(cX264), rs = Best(netX264Sws) / Best(cX264);
                string line = string.Create(s_inv, $"Ratio of best medians (ArrHost / C, goal ≤ 1.15): JPEG **{rj:F2}x** ({Best(netJpeg):F2} vs {Best(cJpeg):F2} ms), x264 **{rx:F2}x** ({Best(netX264):F2} vs {Best(cX264):F2} ms), x264 with swscale like the baseline {rs:F2}x.");
                md.AppendLine(line).AppendLine();
                Console.WriteLine("   " + line.Replace("**", ""));
            }
        }
        md.AppendLine($"Load average at end: {MachineInfo.LoadAverage()}. The machine is shared; see bench/results notes.");
        return 0;
    }

    /// <summary>
    /// Runs a measurement when the machine looks idle (waits up to 5 s for a 1 s sample under 15 %
    /// busy), measures the CPU other processes used meanwhile, and retries (up to 2 runs, keeping
    /// the cleanest) while that foreign share is above 5 %, like the baseline's quietrun.sh.
    /// </summary>
    private static async Task<T> QuietAsync<T>(Func<Task<T>> run, Action<T, double> setForeign, CancellationToken ct)
    {
        T? best = default;
        double bestForeign = double.MaxValue;
        for (int attempt = 0; attempt < 2 && bestForeign > 0.05; attempt++)
        {
            for (int i = 0; i < 5; i++)
            {
                (long b0, long t0) = CpuLoad.Machine();
                await Task.Delay(1000, ct);
                (long b1, long t1) = CpuLoad.Machine();
                if (t1 > t0 && (double)(b1 - b0) / (t1 - t0) < 0.15)
                {
                    break;
                }
            }
            (long busy0, long total0) = CpuLoad.Machine();
            TimeSpan own0 = OwnCpu();
            T result = await run();
            (long busy1, long total1) = CpuLoad.Machine();
            double ownJiffies = (OwnCpu() - own0).TotalSeconds * 100;
            double foreign = total1 > total0 ? Math.Max(0, (busy1 - busy0 - ownJiffies) / (total1 - total0)) : 1;
            setForeign(result, foreign);
            if (foreign < bestForeign)
            {
                (best, bestForeign) = (result, foreign);
            }
        }
        return best!;
    }

    /// <summary>This process's CPU time plus that of its reaped children (encbase).</summary>
    private static TimeSpan OwnCpu()
    {
        TimeSpan children = TimeSpan.Zero;
        if (getrusage(-1 /* RUSAGE_CHILDREN */, out RUsage ru) == 0)
        {
            children = TimeSpan.FromMicroseconds(ru.UtimeSec * 1e6 + ru.UtimeUsec + ru.StimeSec * 1e6 + ru.StimeUsec);
        }
        return Process.GetCurrentProcess().TotalProcessorTime + children;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
        public long R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    private static double Best(List<Side> sides) => sides.Min(s => s.Time.Median);

    private static string Fmt(Side? s) => s == null ? "n/a" : string.Create(s_inv, $"{s.Time.Median:F2}/{s.Time.P99:F2} ms {s.MeanBytes / 1024:F0} KiB");

    private static Side BenchJpeg(byte[][] frames, int w, int h)
    {
        using JpegEncoder enc = JpegEncoder.Open(w, h, 85, "420");
        var output = new ArrayBufferWriter<byte>(w * h * 4);
        var times = new double[frames.Length];
        var bytes = new double[frames.Length];
        for (int i = -3; i < frames.Length; i++)
        {
            output.ResetWrittenCount();
            EncodeResult r = enc.Encode(frames[Math.Max(i, 0)], w * 4, false, output);
            if (i >= 0)
            {
                times[i] = r.ElapsedTicks * 1000.0 / Stopwatch.Frequency;
                bytes[i] = r.Bytes;
            }
        }
        return Summarize(times, bytes, null);
    }

    private static Side BenchX264(byte[][] frames, int w, int h, ColorConversion conversion)
    {
        using H264Encoder enc = H264Encoder.Open("libx264", new H264Settings(w, h, Conversion: conversion));
        var output = new ArrayBufferWriter<byte>(w * h * 4);
        var times = new double[frames.Length];
        var bytes = new double[frames.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            output.ResetWrittenCount();
            EncodeResult r = enc.Encode(frames[i], w * 4, false, output);
            times[i] = r.ElapsedTicks * 1000.0 / Stopwatch.Frequency;
            bytes[i] = r.Bytes;
        }
        // The conversion alone, on the same frames (the encoder's YUV frame is reused).
        var conv = new double[frames.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            long t = Stopwatch.GetTimestamp();
            enc.ConvertToYuv(frames[i], w * 4);
            conv[i] = (Stopwatch.GetTimestamp() - t) * 1000.0 / Stopwatch.Frequency;
        }
        return Summarize(times, bytes, conv);
    }

    private static Side Summarize(double[] times, double[] bytes, double[]? conv) =>
        new(Stats(times), Stats(bytes).Median, bytes.Average(), bytes.Max(), conv == null ? null : Stats(conv));

    private static Stat Stats(double[] values)
    {
        double[] s = (double[])values.Clone();
        Array.Sort(s);
        return new Stat(Percentiles.NearestRank(s, 0.5), Percentiles.NearestRank(s, 0.99), s[0]);
    }

    private static byte[][] Load(string path, int w, int h, int count)
    {
        int frameBytes = w * h * 4;
        using FileStream f = File.OpenRead(path);
        int n = (int)Math.Min(count, f.Length / frameBytes);
        var frames = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            frames[i] = GC.AllocateUninitializedArray<byte>(frameBytes);
            f.ReadExactly(frames[i]);
        }
        return frames;
    }

    private static async Task<(string Path, string Note)> EnsureSequenceAsync(string dir, int w, int h, int frames, string? vkbase, CancellationToken ct)
    {
        string path = Path.Combine(dir, $"seq_{w}x{h}.rgba");
        long need = (long)w * h * 4 * frames;
        if (File.Exists(path) && new FileInfo(path).Length >= need)
        {
            return (path, $"`{path}`, the baseline's 1M-triangle moving-camera sequence (`vkbase {w} {h} 1000000 120 --mode seq --dump`), {frames} frames.");
        }
        if (vkbase != null)
        {
            Console.WriteLine($"   rendering {path} with vkbase (lavapipe)...");
            await RunProcessAsync(vkbase, $"{w} {h} 1000000 {frames} --mode seq --dump {path}", ct);
            if (File.Exists(path) && new FileInfo(path).Length >= need)
            {
                return (path, $"`{path}`, rendered now with the baseline's `vkbase {w} {h} 1000000 {frames} --mode seq --dump`.");
            }
        }
        string synth = Path.Combine(dir, $"seq_{w}x{h}_synthetic.rgba");
        using (FileStream f = File.Create(synth))
        {
            byte[] frame = new byte[w * h * 4];
            for (int t = 0; t < frames; t++)
            {
                SyntheticFrame(frame, w, h, t);
                f.Write(frame);
            }
        }
        return (synth, $"**synthetic** sequence `{synth}` (moving gradients and discs): the baseline's vkbase was not available, so the content differs from the baseline's.");
    }

    private static void SyntheticFrame(byte[] f, int w, int h, int t)
    {
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 4;
                double cx = w * (0.5 + 0.3 * Math.Sin(t * 0.05)), cy = h * 0.5, d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                double a = Math.Clamp((h * 0.2 - d) / 1.5, 0, 1);
                f[o] = (byte)(a * 220 + (1 - a) * (20 + 40.0 * x / w));
                f[o + 1] = (byte)(a * 120 + (1 - a) * (20 + 40.0 * y / h + 5 * Math.Sin((x + t * 3) * 0.03)));
                f[o + 2] = (byte)(a * 60 + (1 - a) * 40);
                f[o + 3] = 255;
            }
        }
    }

    private static readonly Regex s_statLine = new(@"^\s*(\S+)\s+min\s+([\d.]+)\s+median\s+([\d.]+)\s+p99\s+([\d.]+)\s+max\s+([\d.]+)\s+mean\s+([\d.]+)", RegexOptions.Compiled);

    /// <summary>Runs `encbase SEQ W H` and parses its JPEG (default DCT) and x264 sections.</summary>
    private static async Task<(Side? Jpeg, Side? X264)> RunEncbaseAsync(string encbase, string seq, int w, int h, CancellationToken ct)
    {
        string text = await RunProcessAsync(encbase, $"{seq} {w} {h}", ct);
        Side? jpeg = null, x264 = null;
        string section = "";
        var stats = new Dictionary<string, (double Min, double Median, double P99, double Max, double Mean)>();
        void Flush()
        {
            if (section.StartsWith("JPEG", StringComparison.Ordinal) && section.Contains("default", StringComparison.Ordinal) && stats.ContainsKey("encode"))
            {
                var e = stats["encode"];
                var s = stats["size"];
                jpeg = new Side(new Stat(e.Median, e.P99, e.Min), s.Median * 1024, s.Mean * 1024, s.Max * 1024);
            }
            else if (section.StartsWith("x264", StringComparison.Ordinal) && stats.ContainsKey("sws+enc"))
            {
                var e = stats["sws+enc"];
                var s = stats["size"];
                var c = stats["sws"];
                x264 = new Side(new Stat(e.Median, e.P99, e.Min), s.Median * 1024, s.Mean * 1024, s.Max * 1024, new Stat(c.Median, c.P99, c.Min));
            }
            stats.Clear();
        }
        foreach (string line in text.Split('\n'))
        {
            Match m = s_statLine.Match(line);
            if (m.Success)
            {
                double G(int i) => double.Parse(m.Groups[i].Value, s_inv);
                stats[m.Groups[1].Value] = (G(2), G(3), G(4), G(5), G(6));
            }
            else if (line.StartsWith("JPEG", StringComparison.Ordinal) || line.StartsWith("x264", StringComparison.Ordinal))
            {
                Flush();
                section = line;
            }
        }
        Flush();
        return (jpeg, x264);
    }

    private static string? FindBaseline(string? given)
    {
        if (given != null)
        {
            return File.Exists(Path.Combine(given, "encbase.c")) ? Path.GetFullPath(given) : null;
        }
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "shared", "baseline");
                if (File.Exists(Path.Combine(candidate, "encbase.c")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>Builds the baseline in a temporary copy with its own build.sh (needs the -dev packages it lists).</summary>
    private static async Task<(string? Encbase, string? Vkbase)> BuildBaselineAsync(string baseline, CancellationToken ct)
    {
        string dir = Path.Combine(Path.GetTempPath(), "arr-bench-baseline");
        string encbase = Path.Combine(dir, "encbase"), vkbase = Path.Combine(dir, "vkbase");
        if (!File.Exists(encbase))
        {
            Directory.CreateDirectory(dir);
            foreach (string file in Directory.GetFiles(baseline))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
            }
            try
            {
                await RunProcessAsync("/bin/sh", $"{Path.Combine(dir, "build.sh")}", ct);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"   baseline build failed (apt-get install libvulkan-dev glslc libturbojpeg0-dev libavcodec-dev libavutil-dev libswscale-dev pkg-config): {e.Message}");
            }
        }
        return (File.Exists(encbase) ? encbase : null, File.Exists(vkbase) ? vkbase : null);
    }

    private static async Task<string> RunProcessAsync(string exe, string args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {args} exited with {p.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
