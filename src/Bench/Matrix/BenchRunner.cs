using System.Globalization;
using ArrHost.Client;
using ArrHost.Tooling.Region;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// `arr bench`: starts a local region (one standard host, zero start-up delay) unless an endpoint is
/// given, runs every scenario end to end and in-process, then the session benchmarks, and writes
/// the report.
/// </summary>
internal static class BenchRunner
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static async Task<(BenchRun Run, List<string> Files)> RunAsync(BenchSettings settings, RemoteRenderingClientOptions? existing, string command, Action<string> status, CancellationToken ct)
    {
        var run = new BenchRun
        {
            StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", s_inv),
            Command = command,
            Quick = settings.Quick,
            Network = settings.Network.ToString(),
            Seconds = settings.Seconds,
            WarmupSeconds = settings.WarmupSeconds,
            Machine = MachineInfo.Collect(),
        };
        status($"machine: {run.Machine.CpuModel}, {run.Machine.Cores} cores, load average {run.Machine.LoadAverageAtStart}, commit {run.Machine.GitCommit}");

        LocalRegion? region = null;
        var scratch = Path.Combine(Path.GetTempPath(), "arr-bench-" + Environment.ProcessId.ToString(s_inv));
        RemoteRenderingClientOptions options;
        if (settings.LimitOnly)
        {
            options = new RemoteRenderingClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), AccountId = "none", AccountKey = "none" };
            run.Region = "none (--limit-only)";
        }
        else if (existing is null)
        {
            region = await LocalRegion.StartAsync(new RegionOptions
            {
                Hosts = ["standard"],
                StartupDelaySeconds = 0,
                Store = "sqlite:" + Path.Combine(scratch, "region.db"),
                OutDirectory = scratch,
            }, m => status("region: " + m), ct).ConfigureAwait(false);
            options = new RemoteRenderingClientOptions { Endpoint = new Uri(region.Info.Endpoint), AccountId = region.Info.AccountId, AccountKey = region.Info.AccountKey };
            run.Region = $"local, started by the bench: 1 standard host, start-up delay 0 s, logs in {scratch}/logs";
        }
        else
        {
            options = existing;
            run.Region = $"existing at {existing.Endpoint}";
        }

        RenderEndpointProxies? proxied = null;
        if (!settings.Network.IsNone)
        {
            proxied = new RenderEndpointProxies(settings.Network);
            options.MapRenderEndpoint = proxied.Map;
        }

        using var client = new RemoteRenderingClient(options);
        LimitRunner? limit = null;
        try
        {
            if (!settings.SkipLimit)
            {
                try
                {
                    limit = LimitRunner.Open();
                    run.Machine.Device = limit.Device;
                    run.Machine.Driver = limit.Driver;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    run.Notes.Add($"The in-process limit could not open a Vulkan device: {e.Message}");
                }
            }

            foreach (var scenario in settings.Scenarios())
            {
                ct.ThrowIfCancellationRequested();
                var result = new ScenarioResult { Scenario = scenario, Network = settings.Network.Name, Baseline = BaselineNumbers.For(scenario) };
                // Rounds alternate e2e and limit so both see the same background load; the round with the
                // least foreign CPU (the larger of its two runs) is kept, like quietrun.sh keeps its cleanest try.
                var bestForeign = double.MaxValue;
                for (var round = 1; round <= Math.Max(1, settings.Rounds); round++)
                {
                    RunResult? e2e = null, lim = null;
                    await QuietAsync(settings, status, ct).ConfigureAwait(false);
                    if (!settings.LimitOnly) e2e = await EndToEndRunner.RunAsync(client, scenario, settings, status, ct).ConfigureAwait(false);
                    if (limit is not null)
                    {
                        await QuietAsync(settings, status, ct).ConfigureAwait(false);
                        lim = await limit.RunAsync(scenario, settings, status, ct).ConfigureAwait(false);
                    }

                    var foreign = Math.Max(e2e?.ForeignCpu ?? 0, lim?.ForeignCpu ?? 0);
                    var candidate = new ScenarioResult { Scenario = scenario, Network = result.Network, Baseline = result.Baseline, E2e = e2e, Limit = lim };
                    result.Rounds.Add(new RoundSummary(round, e2e?.ForeignCpu, lim?.ForeignCpu, e2e?.Stage(Stages.PoseToReceive).P50, lim?.Stage(Stages.PoseToEncoded).P50, e2e?.Fps, lim?.Fps));
                    if (settings.Rounds > 1) status($"  round {round}: {Summary(candidate)}");
                    if (e2e?.Error is null && foreign < bestForeign)
                    {
                        bestForeign = foreign;
                        (result.E2e, result.Limit, result.KeptRound) = (e2e, lim, round);
                    }
                    else if (result.E2e is null && result.Limit is null)
                    {
                        (result.E2e, result.Limit, result.KeptRound) = (e2e, lim, round);
                    }
                }

                if (result.E2e is { Device.Length: > 0 })
                {
                    if (run.Machine.Device.Length == 0) run.Machine.Device = result.E2e.Device;
                    run.Machine.Encoders[scenario.Codec] = result.E2e.Encoder;
                }

                if (result.Limit is not null) run.Machine.Encoders.TryAdd(scenario.Codec, result.Limit.Encoder);

                run.Scenarios.Add(result);
                status(Summary(result));
            }

            if (!settings.SkipBrowser && !settings.LimitOnly)
            {
                foreach (var scenario in BrowserBenchmark.Scenarios(settings))
                {
                    await QuietAsync(settings, status, ct).ConfigureAwait(false);
                    var browser = await BrowserBenchmark.RunAsync(client, scenario, settings, status, ct).ConfigureAwait(false);
                    run.Browser.Add(browser);
                    status(BrowserSummary(browser));
                }
            }

            if (!settings.SkipSessions && !settings.LimitOnly)
            {
                status("session benchmarks");
                run.Sessions = await SessionBenchmark.RunAsync(client, options.Endpoint!, options.AccountId, options.AccountKey, settings, status, ct).ConfigureAwait(false);
                run.Sessions.StartupDelaySeconds = region is null ? double.NaN : 0;
            }
        }
        finally
        {
            limit?.Dispose();
            if (proxied is not null) await proxied.DisposeAsync().ConfigureAwait(false);
            if (region is not null) await region.DisposeAsync().ConfigureAwait(false);
        }

        if (!settings.Network.IsNone) run.Notes.Add($"The render stream ran through the loopback proxy: {settings.Network}. The session API did not.");
        if (run.Scenarios.Any(x => x.Baseline is not null) && !run.Machine.CpuModel.Equals(BaselineNumbers.Cpu, StringComparison.Ordinal))
        {
            run.Notes.Add($"The C baseline was measured on a {BaselineNumbers.Cpu} (2 vCPU); this run's CPU is {run.Machine.CpuModel}, so the baseline columns compare across machines. The limit row is the same-machine reference.");
        }

        run.Notes.Add("The limit has no gRPC, no network and no control plane; it runs in the bench process on the same device (a second Vulkan instance) while the region's host is idle.");
        run.Notes.Add("The machine has 2 vCPUs shared with other work; foreign CPU is recorded per run. The C baseline was measured only when foreign CPU was under 5%.");
        var stem = settings.Quick ? "quick" : (settings.LimitOnly ? "limit-" : "bench-") + (settings.Network.IsNone ? "" : settings.Network.Name.Split(':')[0] + "-") + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", s_inv);
        var files = BenchReport.Write(run, settings.OutDirectory, stem);
        if (!settings.Quick && !settings.LimitOnly && settings.Network.IsNone)
        {
            // The latest full run under stable names, for the README.
            BenchReport.Write(run, settings.OutDirectory, "latest");
        }

        return (run, files);
    }

    private static async Task QuietAsync(BenchSettings settings, Action<string> status, CancellationToken ct)
    {
        if (settings.QuietWaitSeconds <= 0) return;
        var waited = await CpuLoad.WaitForQuietAsync(TimeSpan.FromSeconds(settings.QuietWaitSeconds), 0.15, ct).ConfigureAwait(false);
        if (waited >= settings.QuietWaitSeconds) status($"  the machine stayed busy for {waited:0} s; measuring anyway (foreign CPU is recorded)");
    }

    public static string Summary(ScenarioResult s)
    {
        var e = s.E2e;
        var l = s.Limit;
        var rx = e?.Stage(Stages.PoseToReceive) ?? LatencySummary.Empty;
        var lim = l?.Stage(Stages.PoseToEncoded) ?? LatencySummary.Empty;
        return string.Create(s_inv,
            $"{s.Name}: e2e pose->receive p50 {rx.P50:F1} p99 {rx.P99:F1} ms, {e?.Fps ?? 0:F1} fps{(e?.Error is { } err ? " [error: " + err + "]" : "")}, foreign CPU {Pct(e?.ForeignCpu)} | limit p50 {lim.P50:F1} p99 {lim.P99:F1} ms, {l?.Fps ?? 0:F1} fps (max {l?.MaxFps ?? 0:F1}), foreign CPU {Pct(l?.ForeignCpu)} | e2e/limit p50 {s.P50Ratio:F2}x, p99/p50 {s.TailRatio:F2}x, fps ratio {s.FpsRatio:F2}x");
    }

    public static string BrowserSummary(BrowserResult b) => b.Error is { } error
        ? $"browser {b.Name}: {error}"
        : string.Create(s_inv, $"browser {b.Name}: glass-to-glass p50 {b.GlassToGlass.P50:F1} p99 {b.GlassToGlass.P99:F1} ms, {b.Fps:F1} fps painted | SDK pose->receive in the relay p50 {b.SdkPoseToReceive.P50:F1} p99 {b.SdkPoseToReceive.P99:F1} ms | page decode+paint p50 {b.PageDecodeAndPaint.P50:F1} ms, foreign CPU {Pct(b.ForeignCpu)}");

    private static string Pct(double? share) => share is { } v && v >= 0 ? (v * 100).ToString("F0", s_inv) + "%" : "?";
}
