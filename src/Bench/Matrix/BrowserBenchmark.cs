using System.Diagnostics;
using System.Globalization;
using ArrHost.Client;
using ArrHost.Tooling.Statistics;
using ArrHost.Tooling.Viewer;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// Glass to glass on this machine: <c>arr view</c>'s relay and page in Debian's headless Chromium
/// (started as a plain process, no driver), the page spinning the camera at the pose rate. The page
/// measures from sending each pose to painting the frame rendered from it, on its own clock.
/// </summary>
internal static class BrowserBenchmark
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The runs: each codec of the first resolution and triangle count (one run with --quick).</summary>
    public static IEnumerable<BenchScenario> Scenarios(BenchSettings settings)
    {
        var (w, h) = settings.Resolutions[0];
        foreach (var codec in settings.Codecs.Where(c => c is "jpeg" or "h264").Take(settings.Quick ? 1 : 2))
            yield return new BenchScenario(w, h, settings.Triangles[0], codec, 2, settings.PoseRates[0]);
    }

    public static async Task<BrowserResult> RunAsync(RemoteRenderingClient client, BenchScenario s, BenchSettings settings, Action<string> status, CancellationToken ct)
    {
        var result = new BrowserResult
        {
            Name = s.Name.Replace("-if2", "", StringComparison.Ordinal),
            Codec = s.Codec,
            Width = s.Width,
            Height = s.Height,
            Triangles = s.Triangles,
            PoseRate = s.PoseRate,
            Seconds = settings.Seconds,
        };
        if (!File.Exists(Chromium))
        {
            result.Error = $"{Chromium} is missing (Debian's chromium package)";
            return result;
        }

        result.Browser = await VersionAsync(ct).ConfigureAwait(false);
        status($"browser {result.Name}: {result.Browser}");
        var session = await EndToEndRunner.CreateReadyAsync(client, status, ct).ConfigureAwait(false);
        var profile = Directory.CreateTempSubdirectory("arr-bench-chromium-").FullName;
        Process? browser = null;
        try
        {
            var codec = s.Codec == "h264" ? FrameCodec.H264 : FrameCodec.Jpeg;
            await using var relay = new ViewerRelay(session, new ViewerOptions { Codec = codec, Width = s.Width, Height = s.Height, PoseRate = s.PoseRate });
            await relay.EnsureConnectedAsync(codec, ct).ConfigureAwait(false);
            await relay.PreloadAsync(s.ModelUrl, null, ct).ConfigureAwait(false);
            await using var server = await ViewerServer.StartAsync(relay, 0, ct).ConfigureAwait(false);
            browser = StartBrowser(new Uri(server.Address, "?spin=1"), profile, s.Width, s.Height);

            var first = Stopwatch.StartNew();
            while (relay.GlassToGlassSamples().Length < 5)
            {
                if (first.Elapsed > TimeSpan.FromSeconds(60) || browser.HasExited)
                {
                    result.Error = browser.HasExited ? $"chromium exited ({browser.ExitCode}) before painting frames" : "the page painted no frame within 60 s";
                    return result;
                }

                await Task.Delay(100, ct).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), ct).ConfigureAwait(false);
            relay.ResetStatistics();
            var cpu = CpuLoad.Start();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(settings.Seconds), ct).ConfigureAwait(false);
            var glass = relay.GlassToGlassSamples();
            var elapsed = clock.Elapsed.TotalSeconds;
            result.ForeignCpu = cpu.Stop().Foreign;
            result.FramesPainted = glass.Length;
            result.Fps = glass.Length / elapsed;
            result.GlassToGlass = LatencySummary.Of(glass);
            result.PageDecodeAndPaint = LatencySummary.Of(relay.DecodeSamples());
            result.SdkPoseToReceive = LatencySummary.Of(relay.ReceiveSamples());
            if (relay.Codec is { } actual && (actual == FrameCodec.H264 ? "h264" : "jpeg") != s.Codec)
            {
                result.Note = $"the page could not decode {s.Codec}; it ran on {actual}";
                result.Codec = actual == FrameCodec.H264 ? "h264" : "jpeg";
            }

            return result;
        }
        finally
        {
            if (browser is { HasExited: false })
            {
                browser.Kill(entireProcessTree: true);
                await browser.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            browser?.Dispose();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await session.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RemoteRenderingException or OperationCanceledException)
            {
                status($"  could not stop session {session.SessionUuid}: {e.Message}");
            }

            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process StartBrowser(Uri page, string profile, int width, int height)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width + 520},{height + 200}"), page.ToString(),
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> VersionAsync(CancellationToken ct)
    {
        using var p = Process.Start(new ProcessStartInfo(Chromium, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var text = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return text.Trim();
    }
}
