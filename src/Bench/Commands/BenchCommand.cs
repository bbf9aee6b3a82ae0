using System.CommandLine;
using ArrHost.Bench.Matrix;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Bench.Commands;

/// <summary>
/// `arr bench` with no area: the end-to-end matrix (frame latency per stage, percentiles, fps,
/// the in-process limit, the C baseline, session lifecycle) written to bench/results.
/// </summary>
internal static class BenchCommand
{
    public static void Configure(Command bench)
    {
        bench.Description = """
            Benchmarks that print their numbers. With no area: the end-to-end matrix (frame latency per stage,
            p50/p90/p99/max, fps, the in-process limit, the C baseline, glass-to-glass in headless Chromium, session lifecycle) against a local region
            it starts, written as JSON, Markdown and SVG charts to bench/results. The areas (rpc, render, encode,
            controlplane) measure one layer each.
            Exit codes: 0 ok, 1 a scenario failed or received no frames, 2 bad options.

            Examples:
              ./arr bench --quick
              ./arr bench --resolutions 1280x720 --triangles 10k,100k --codecs jpeg,h264
              ./arr bench --network wan --no-sessions
              ./arr bench --limit-only
              ./arr bench render --first-frame-only
            """;
        var quick = new Option<bool>("--quick") { Description = "One small scenario, short runs (under a minute): the CI smoke profile." };
        var common = new CommonOptions();
        common.Endpoint.Description = "Use the region at this control-plane endpoint instead of starting a local one (account from --account-id/--account-key, $ARR_ACCOUNT_ID/$ARR_ACCOUNT_KEY or out/region.json).";
        var resolutions = new Option<string?>("--resolutions") { Description = "Frame sizes, e.g. 1280x720,1920x1080." };
        var triangles = new Option<string?>("--triangles") { Description = "Sphere-field triangle counts, e.g. 10000,100000 (k/M suffixes allowed)." };
        var codecs = new Option<string?>("--codecs") { Description = "Codecs: jpeg, h264, raw." };
        var inFlight = new Option<string?>("--in-flight") { Description = "Frames in flight, e.g. 1,2." };
        var poseRate = new Option<string?>("--pose-rate") { Description = "Pose rates in Hz (default 60)." };
        var seconds = new Option<double?>("--seconds") { Description = "Measured seconds per run (default 10)." };
        var warmup = new Option<double?>("--warmup") { Description = "Warm-up seconds per run (default 2)." };
        var network = new Option<string>("--network") { Description = "none | wan | lte | custom:delay=MS,jitter=MS,bandwidth=BITS (e.g. 20M): conditions on the render stream through a loopback proxy.", DefaultValueFactory = _ => "none" };
        var output = new Option<string>("--out") { Description = "Where the JSON, Markdown and SVG files go.", DefaultValueFactory = _ => "bench/results" };
        var noLimit = new Option<bool>("--no-limit") { Description = "Skip the in-process limit runs." };
        var limitOnly = new Option<bool>("--limit-only") { Description = "Only the in-process limit rows (no region, no sessions): what the machine can do." };
        var noDecode = new Option<bool>("--no-decode") { Description = "Read encoded frames only (no client decoding): isolates the decoder's share of the 2 cores." };
        var maxFrameRate = new Option<int?>("--max-frame-rate") { Description = "The frame rate cap the client asks the host for (RendererInitOptions.MaxFrameRate; default: the SDK's 60)." };
        var rounds = new Option<int?>("--rounds") { Description = "Alternating e2e/limit rounds per scenario; the one with the least foreign CPU is kept (default 2; 1 with --quick)." };
        var noSessions = new Option<bool>("--no-sessions") { Description = "Skip the session lifecycle benchmarks." };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Skip the glass-to-glass runs of arr view's page in headless Chromium (/usr/bin/chromium)." };
        var quiet = new Option<double?>("--quiet-wait") { Description = "Before each run wait up to this many seconds for the machine to be idle (default 5; 0 with --quick)." };
        Option[] all = [quick, common.Endpoint, common.AccountId, common.AccountKey, resolutions, triangles, codecs, inFlight, poseRate, seconds, warmup, network, output, noLimit, limitOnly, noDecode, maxFrameRate, rounds, noSessions, noBrowser, quiet];
        foreach (var o in all) bench.Options.Add(o);
        bench.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            BenchSettings settings;
            RemoteRenderingClientOptions? existing = null;
            try
            {
                settings = r.GetValue(quick) ? BenchSettings.QuickProfile() : new BenchSettings();
                if (r.GetValue(resolutions) is { } res) settings.Resolutions = BenchSettings.ParseResolutions(res);
                if (r.GetValue(triangles) is { } tri) settings.Triangles = BenchSettings.ParseCounts(tri);
                if (r.GetValue(codecs) is { } cod) settings.Codecs = BenchSettings.ParseCodecs(cod);
                if (r.GetValue(inFlight) is { } inf) settings.FramesInFlight = BenchSettings.ParseCounts(inf);
                if (r.GetValue(poseRate) is { } pr) settings.PoseRates = BenchSettings.ParseCounts(pr);
                if (r.GetValue(seconds) is { } sec) settings.Seconds = sec;
                if (r.GetValue(warmup) is { } wu) settings.WarmupSeconds = wu;
                if (r.GetValue(quiet) is { } qw) settings.QuietWaitSeconds = qw;
                settings.Network = NetworkProfile.Parse(r.GetValue(network) ?? "none");
                settings.OutDirectory = r.GetValue(output) ?? "bench/results";
                settings.SkipLimit = r.GetValue(noLimit);
                settings.SkipSessions = r.GetValue(noSessions);
                settings.SkipBrowser = r.GetValue(noBrowser);
                settings.LimitOnly = r.GetValue(limitOnly);
                settings.Decode = !r.GetValue(noDecode);
                if (r.GetValue(rounds) is { } rn) settings.Rounds = rn is >= 1 and <= 10 ? rn : throw new FormatException("--rounds must be 1..10.");
                if (r.GetValue(maxFrameRate) is { } mfr) settings.MaxFrameRate = mfr is >= 1 and <= 240 ? mfr : throw new FormatException("--max-frame-rate must be 1..240.");
                if (settings.LimitOnly && settings.SkipLimit) throw new FormatException("--limit-only and --no-limit exclude each other.");
                if (settings.Seconds <= 0 || settings.WarmupSeconds < 0) throw new FormatException("--seconds must be positive and --warmup not negative.");
                if (settings.FramesInFlight.Any(f => f is < 1 or > 4)) throw new FormatException("--in-flight values must be 1..4.");
                if (settings.PoseRates.Any(p => p is < 1 or > 240)) throw new FormatException("--pose-rate values must be 1..240.");
                if (!string.IsNullOrEmpty(r.GetValue(common.Endpoint))) existing = common.Resolve(r, CliContext.Default());
            }
            catch (Exception e) when (e is FormatException or UsageException)
            {
                Console.Error.WriteLine("arr bench: " + e.Message);
                return ExitCodes.Usage;
            }

            var command = "arr bench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a == "bench"));
            var (run, files) = await BenchRunner.RunAsync(settings, existing, command.Trim(), Console.WriteLine, ct).ConfigureAwait(false);
            foreach (var f in files) Console.WriteLine("wrote " + f);
            var failed = run.Scenarios.Count == 0 || run.Scenarios.Any(s => settings.LimitOnly ? (s.Limit?.FramesReceived ?? 0) == 0 : s.E2e?.Error is not null || (s.E2e?.FramesReceived ?? 0) == 0);
            return failed ? 1 : 0;
        });
    }
}
