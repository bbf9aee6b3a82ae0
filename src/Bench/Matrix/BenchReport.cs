using System.Globalization;
using System.Text;
using System.Text.Json;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>Writes a run as JSON, a Markdown report and SVG charts into the output folder.</summary>
internal static class BenchReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the files; returns their paths (JSON, Markdown, then the SVGs).</summary>
    public static List<string> Write(BenchRun run, string outDirectory, string stem)
    {
        Directory.CreateDirectory(outDirectory);
        var files = new List<string>();
        var json = Path.Combine(outDirectory, stem + ".json");
        File.WriteAllText(json, JsonSerializer.Serialize(run, BenchRun.Json));
        files.Add(json);

        var charts = new List<(string Title, string File)>();
        var stagesFile = stem + "-stages.svg";
        File.WriteAllText(Path.Combine(outDirectory, stagesFile), SvgCharts.StackedBars("Median per stage: end to end (host stages + network/client) and in-process limit", StageBars(run)));
        charts.Add(("Per-stage medians", stagesFile));
        foreach (var s in run.Scenarios)
        {
            var series = new List<SvgCharts.Series>();
            if (s.E2e is { Samples.Count: > 0 } e) series.Add(new("e2e pose->receive", e.Samples));
            if (s.E2e?.DecodedSamples is { Count: > 0 } d) series.Add(new("e2e pose->decoded", d));
            if (s.Limit is { Samples.Count: > 0 } l) series.Add(new("limit pose->encoded (in-process)", l.Samples));
            if (series.Count == 0) continue;
            var file = $"{stem}-cdf-{s.Name}.svg";
            File.WriteAllText(Path.Combine(outDirectory, file), SvgCharts.Cdf($"Latency CDF {s.Name} (network {s.Network})", series));
            charts.Add(($"CDF {s.Name}", file));
        }

        var md = Path.Combine(outDirectory, stem + ".md");
        File.WriteAllText(md, Markdown(run, charts));
        files.Add(md);
        files.AddRange(charts.Select(c => Path.Combine(outDirectory, c.File)));
        return files;
    }

    public static List<SvgCharts.Bar> StageBars(BenchRun run)
    {
        var bars = new List<SvgCharts.Bar>();
        foreach (var s in run.Scenarios)
        {
            if (s.E2e is { Error: null } e && e.FramesDecoded > 0)
            {
                bars.Add(new($"{s.Name} e2e", [
                    ("wait", e.Stage(Stages.HostWait).P50), ("render", e.Stage(Stages.HostRender).P50), ("readback", e.Stage(Stages.HostReadback).P50),
                    ("encode", e.Stage(Stages.HostEncode).P50), ("network+client", e.Stage(Stages.NetworkAndClient).P50), ("decode", e.Stage(Stages.Decode).P50)]));
            }

            if (s.Limit is { } l && l.FramesDecoded > 0)
            {
                bars.Add(new($"{s.Name} limit", [
                    ("wait", l.Stage(Stages.HostWait).P50), ("render", l.Stage(Stages.HostRender).P50), ("readback", l.Stage(Stages.HostReadback).P50),
                    ("encode", l.Stage(Stages.HostEncode).P50)]));
            }
        }

        return bars;
    }

    private static void AppendBrowser(StringBuilder sb, BenchRun run)
    {
        sb.AppendLine().AppendLine("## Glass to glass in a browser").AppendLine();
        sb.AppendLine(s_inv, $"`arr view`'s page in headless {run.Browser[0].Browser} (software compositing, no GPU) on this machine, spinning the camera at the pose rate: the page measures from sending a pose over the WebSocket to painting (drawImage) the frame rendered from it, on its own clock. Beside it, the SDK's pose→receive for the same frames in the relaying `arr` process, and the SDK-only end-to-end run of the same scenario above (pose→decoded, no browser).").AppendLine();
        sb.AppendLine("| scenario | **glass-to-glass p50 / p90 / p99 / max (ms)** | page decode+paint p50 / p99 | SDK pose→receive in the relay p50 / p99 | SDK e2e pose→decoded p50 / p99 (no browser) | fps painted | foreign CPU |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var b in run.Browser)
        {
            if (b.Error is { } error)
            {
                sb.AppendLine(s_inv, $"| {b.Name} | {error} | | | | | |");
                continue;
            }

            var sdk = run.Scenarios.FirstOrDefault(s => s.Scenario.Width == b.Width && s.Scenario.Height == b.Height && s.Scenario.Triangles == b.Triangles && s.Scenario.Codec == b.Codec && s.Scenario.PoseRate == b.PoseRate)?.E2e;
            var dec = sdk?.Stage(Stages.PoseToDecoded);
            var g = b.GlassToGlass;
            sb.AppendLine(s_inv, $"| {b.Name}{(b.Note is { } n ? " (" + n + ")" : "")} | **{g.P50:F1}** / {g.P90:F1} / **{g.P99:F1}** / {g.Max:F1} | {b.PageDecodeAndPaint.P50:F1} / {b.PageDecodeAndPaint.P99:F1} | {b.SdkPoseToReceive.P50:F1} / {b.SdkPoseToReceive.P99:F1} | {(dec is null ? "–" : string.Create(s_inv, $"{dec.P50:F1} / {dec.P99:F1}"))} | {b.Fps:F1} | {Pct(b.ForeignCpu)} |");
        }
    }

    public static string Markdown(BenchRun run, IReadOnlyList<(string Title, string File)> charts)
    {
        var m = run.Machine;
        var sb = new StringBuilder();
        sb.AppendLine(s_inv, $"# ArrHost benchmark {(run.Quick ? "(quick) " : "")}— {run.StartedUtc}").AppendLine();
        sb.AppendLine(s_inv, $"`{run.Command}` · commit `{m.GitCommit}` · network **{run.Network}** · {run.WarmupSeconds:0.#} s warm-up + {run.Seconds:0.#} s measured per run · region: {run.Region}").AppendLine();
        sb.AppendLine("## Machine").AppendLine();
        sb.AppendLine("| item | value |\n|---|---|");
        sb.AppendLine(s_inv, $"| CPU | {m.CpuModel}, {m.Cores} cores |");
        sb.AppendLine(s_inv, $"| memory | {m.MemoryGiB:0.#} GiB |");
        sb.AppendLine(s_inv, $"| OS / kernel / .NET | {m.Os} / {m.Kernel} / {m.Dotnet} |");
        sb.AppendLine(s_inv, $"| render device / driver | {m.Device} / {m.Driver} |");
        sb.AppendLine(s_inv, $"| encoders | {string.Join(", ", m.Encoders.Select(kv => kv.Key + ": " + kv.Value))} |");
        sb.AppendLine(s_inv, $"| packages | {string.Join(", ", m.Packages.Select(kv => kv.Key + " " + kv.Value))} |");
        sb.AppendLine(s_inv, $"| load average at start | {m.LoadAverageAtStart} |").AppendLine();

        sb.AppendLine("## End to end vs in-process limit").AppendLine();
        sb.AppendLine("Latency is on the client's clock: pose submitted → frame fully received (→ decoded). The limit is the same scene, camera and pose schedule rendered, read back and encoded in-process (host renderer + encode worker, same overlap), pose → encoded. Foreign CPU = CPU other processes used during the run, as a share of all cores (quietrun.sh's measure); above ~5% the numbers are contaminated.").AppendLine();
        sb.AppendLine("| scenario | e2e pose→receive p50 / p90 / p99 / max (ms) | pose→decoded p50 / p99 | limit p50 / p99 | **e2e/limit p50** | **p99/p50** | fps e2e / limit (limit max) | **fps ratio** | host-dropped poses / client-skipped frames | KiB/frame | Mbit/s | foreign CPU e2e / limit | goals |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in run.Scenarios)
        {
            var e = s.E2e;
            var l = s.Limit;
            var rx = e?.Stage(Stages.PoseToReceive) ?? LatencySummary.Empty;
            var dec = e?.Stage(Stages.PoseToDecoded) ?? LatencySummary.Empty;
            var lim = l?.Stage(Stages.PoseToEncoded) ?? LatencySummary.Empty;
            var goal = s.GoalApplies ? s.MeetsGoals switch { true => "met", false => "**missed**", null => "n/a" } : "—";
            var err = e?.Error is { } er ? $" (e2e error: {er})" : "";
            sb.AppendLine(s_inv, $"| {s.Name}{err} | {rx.P50:F1} / {rx.P90:F1} / {rx.P99:F1} / {rx.Max:F1} | {dec.P50:F1} / {dec.P99:F1} | {lim.P50:F1} / {lim.P99:F1} | {Ratio(s.P50Ratio)} | {Ratio(s.TailRatio)} | {e?.Fps ?? 0:F1} / {l?.Fps ?? 0:F1} ({l?.MaxFps ?? 0:F1} @ {Pct(l?.MaxFpsForeignCpu)} foreign) | {Ratio(s.FpsRatio)} | {e?.PosesDroppedByHost ?? 0} / {e?.FramesSkippedOrDiscarded ?? 0} | {(e?.MeanBytesPerFrame ?? 0) / 1024:F1} | {e?.Mbps ?? 0:F1} | {Pct(e?.ForeignCpu)} / {Pct(l?.ForeignCpu)} | {goal} |");
        }

        if (run.Scenarios.Any(s => s.Rounds.Count > 1))
        {
            sb.AppendLine().AppendLine("Rounds (e2e and limit alternate; the round with the least foreign CPU is the one above): round: foreign CPU e2e/limit, p50 e2e/limit ms, fps e2e/limit.").AppendLine();
            foreach (var s in run.Scenarios.Where(s => s.Rounds.Count > 1))
            {
                sb.AppendLine(string.Create(s_inv, $"- {s.Name} (kept round {s.KeptRound}): ") + string.Join("; ", s.Rounds.Select(r => string.Create(s_inv, $"{r.Round}: {Pct(r.E2eForeignCpu)}/{Pct(r.LimitForeignCpu)}, {r.E2eP50 ?? 0:F1}/{r.LimitP50 ?? 0:F1}, {r.E2eFps ?? 0:F1}/{r.LimitFps ?? 0:F1}"))));
            }
        }

        sb.AppendLine().AppendLine("Goals (720p, 10k and 100k triangles, JPEG and H.264): e2e p50 ≤ 1.25× limit p50, p99 ≤ 2× p50, fps ≥ 0.9× limit fps at the same pose rate.").AppendLine();

        sb.AppendLine("## Latency per stage").AppendLine();
        sb.AppendLine("p50 / p90 / p99 / max in ms of every stage and end to end: the e2e run (host stages from the frames' host timings, attached by pose id) beside the in-process limit's. host send = writing the frame to the stream (reported on the next frame, matched to this frame's pose). network+client = pose→receive minus the host's total (uplink, send, gRPC, downlink, client receive). Percentiles of a stage are taken over its own samples, so stages do not add up percentile by percentile.").AppendLine();
        foreach (var s in run.Scenarios.Where(s => s.E2e is not null || s.Limit is not null)) StageTable.Append(sb, s);

        var withBaseline = run.Scenarios.Where(s => s.Baseline is not null).ToList();
        if (withBaseline.Count > 0)
        {
            sb.AppendLine().AppendLine("## Against the C baseline").AppendLine();
            sb.AppendLine(s_inv, $"From {run.BaselineSource}: render+readback median (vkbase seq), pipelined render fps (2 in flight, no encode), encode median (encbase), and their sequential sum. The ArrHost columns are this run's medians.").AppendLine();
            sb.AppendLine("| scenario | C render+readback | ArrHost limit render+readback | C encode | ArrHost limit encode | C sequential sum (fps) | ArrHost limit pose→encoded p50 | ArrHost e2e pose→receive p50 | C pipelined render fps | ArrHost limit max fps |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var s in withBaseline)
            {
                var b = s.Baseline!;
                var l = s.Limit;
                var rr = l is null ? 0 : l.Stage(Stages.HostRender).P50 + l.Stage(Stages.HostReadback).P50;
                sb.AppendLine(s_inv, $"| {s.Name} | {b.RenderReadbackMs:F2} | {rr:F2} | {b.EncodeMs:F2} | {l?.Stage(Stages.HostEncode).P50 ?? 0:F2} | {b.SequentialMs:F1} ({b.SequentialFps:0}) | {l?.Stage(Stages.PoseToEncoded).P50 ?? 0:F1} | {s.E2e?.Stage(Stages.PoseToReceive).P50 ?? 0:F1} | {b.PipelinedRenderFps:F1} | {l?.MaxFps ?? 0:F1} |");
            }
        }

        if (run.Browser.Count > 0) AppendBrowser(sb, run);

        if (run.Sessions is { } ss)
        {
            sb.AppendLine().AppendLine("## Sessions").AppendLine();
            sb.AppendLine(s_inv, $"Region with {ss.Hosts} standard host(s), start-up delay {ss.StartupDelaySeconds:0.##} s. Foreign CPU {Pct(ss.ForeignCpu)}.{(ss.Error is { } se ? " Error: " + se : "")}").AppendLine();
            sb.AppendLine("| measure | p50 | p90 | p99 | max | n |\n|---|---|---|---|---|---|");
            void Row(string name, LatencySummary v) => sb.AppendLine(s_inv, $"| {name} | {v.P50:F1} ms | {v.P90:F1} ms | {v.P99:F1} ms | {v.Max:F1} ms | {v.Count} |");
            Row("create → Ready", ss.CreateToReady);
            Row("connect → first frame (720p JPEG, empty scene)", ss.ConnectToFirstFrame);
            Row("stop → host Idle in the pool (ListHosts)", ss.StopToHostIdle);
            sb.AppendLine(s_inv, $"| sessions/s sustained (create → Ready → stop → host Idle, back to back) | {ss.SessionsPerSecond:F2} /s | | | | {ss.Cycles} cycles, {ss.RateLimitedCreates} creates rate-limited |");
        }

        if (charts.Count > 0)
        {
            sb.AppendLine().AppendLine("## Charts").AppendLine();
            foreach (var (title, file) in charts) sb.AppendLine(s_inv, $"![{title}]({file})").AppendLine();
        }

        if (run.Notes.Count > 0)
        {
            sb.AppendLine("## Notes").AppendLine();
            foreach (var n in run.Notes) sb.AppendLine("- " + n);
        }

        return sb.ToString();
    }

    private static string Ratio(double? r) => r is { } v && double.IsFinite(v) ? v.ToString("F2", s_inv) + "×" : "—";

    private static string Pct(double? share) => share is { } v && v >= 0 ? (v * 100).ToString("F0", s_inv) + "%" : "?";
}
