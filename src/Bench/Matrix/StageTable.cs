using System.Globalization;
using System.Text;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// The Markdown table of one scenario's latency per stage: p50 / p90 / p99 / max of the end-to-end
/// run beside the in-process limit's. One small table per scenario, with a row per stage, stays
/// readable where one row per scenario with every percentile of every stage would be 40 columns wide.
/// </summary>
internal static class StageTable
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>The rows in pipeline order: end to end first, then the host's stages, then the client's.</summary>
    public static IReadOnlyList<(string Label, string Stage)> Rows { get; } =
    [
        ("pose → receive (end to end)", Stages.PoseToReceive),
        ("pose → decoded (end to end)", Stages.PoseToDecoded),
        ("pose → encoded (in-process end to end)", Stages.PoseToEncoded),
        ("host wait", Stages.HostWait),
        ("host render", Stages.HostRender),
        ("host readback", Stages.HostReadback),
        ("host encode", Stages.HostEncode),
        ("host send", Stages.HostSend),
        ("host total (arrival → handed to the stream)", Stages.HostTotal),
        ("network + client", Stages.NetworkAndClient),
        ("client decode", Stages.Decode),
    ];

    /// <summary>Appends the scenario's table; a stage neither run measured has no row, a run without it shows dashes.</summary>
    public static void Append(StringBuilder sb, ScenarioResult s)
    {
        var e = s.E2e;
        var l = s.Limit;
        sb.AppendLine(s_inv, $"### {s.Name}").AppendLine();
        sb.AppendLine("| stage | e2e p50 | e2e p90 | e2e p99 | e2e max | limit p50 | limit p90 | limit p99 | limit max |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (label, stage) in Rows)
        {
            var fromE2e = Measured(e, stage);
            var fromLimit = Measured(l, stage);
            if (fromE2e is null && fromLimit is null) continue;
            sb.AppendLine(s_inv, $"| {label} | {Cells(fromE2e)} | {Cells(fromLimit)} |");
        }

        sb.AppendLine();
    }

    private static LatencySummary? Measured(RunResult? run, string stage) =>
        run is not null && run.Stages.TryGetValue(stage, out var v) && v.Count > 0 ? v : null;

    private static string Cells(LatencySummary? v) =>
        v is null ? "— | — | — | —" : string.Create(s_inv, $"{v.P50:F2} | {v.P90:F2} | {v.P99:F2} | {v.Max:F2}");
}
