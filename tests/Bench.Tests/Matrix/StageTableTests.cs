using ArrHost.Bench.Matrix;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class StageTableTests
{
    // 1..100 ms: nearest-rank p50 / p90 / p99 / max are 50 / 90 / 99 / 100, four different numbers,
    // so a swapped or missing column shows.
    private static readonly LatencySummary s_hundred = LatencySummary.Of(Enumerable.Range(1, 100).Select(i => (double)i).ToArray());

    [Fact]
    public void Markdown_ConstructedRun_EveryStageAndEndToEndWithP50P90P99Max()
    {
        var e2e = new RunResult
        {
            Kind = "e2e",
            FramesDecoded = 100,
            Stages = new()
            {
                [Stages.PoseToReceive] = s_hundred,
                [Stages.PoseToDecoded] = s_hundred with { P50 = 51, P90 = 91, P99 = 98.5, Max = 120 },
                [Stages.HostWait] = LatencySummary.Of([0.1, 0.2, 0.3]),
                [Stages.HostRender] = LatencySummary.Of([10, 11, 12, 13]),
                [Stages.HostReadback] = s_hundred,
                [Stages.HostEncode] = s_hundred,
                [Stages.HostSend] = LatencySummary.Of([0.5, 4]),
                [Stages.HostTotal] = s_hundred,
                [Stages.NetworkAndClient] = s_hundred,
                [Stages.Decode] = s_hundred,
            },
        };
        var limit = new RunResult
        {
            Kind = "limit",
            FramesDecoded = 100,
            Stages = new() { [Stages.PoseToEncoded] = s_hundred with { Max = 150 }, [Stages.HostRender] = LatencySummary.Of([4, 5, 6]) },
        };
        var run = new BenchRun
        {
            StartedUtc = "now",
            Command = "arr bench",
            Machine = new MachineInfo { CpuModel = "cpu", Cores = 2 },
            Scenarios = [new ScenarioResult { Scenario = new BenchScenario(1280, 720, 10_000, "jpeg", 2, 60), E2e = e2e, Limit = limit }],
        };

        var md = BenchReport.Markdown(run, []);

        Assert.Contains("### 720p-10k-jpeg-if2-60hz", md, StringComparison.Ordinal);
        Assert.Contains("| stage | e2e p50 | e2e p90 | e2e p99 | e2e max | limit p50 | limit p90 | limit p99 | limit max |", md, StringComparison.Ordinal);
        Assert.Contains("| pose → receive (end to end) | 50.00 | 90.00 | 99.00 | 100.00 | — | — | — | — |", md, StringComparison.Ordinal);
        Assert.Contains("| pose → decoded (end to end) | 51.00 | 91.00 | 98.50 | 120.00 | — | — | — | — |", md, StringComparison.Ordinal);
        Assert.Contains("| pose → encoded (in-process end to end) | — | — | — | — | 50.00 | 90.00 | 99.00 | 150.00 |", md, StringComparison.Ordinal);
        Assert.Contains("| host wait | 0.20 | 0.30 | 0.30 | 0.30 | — | — | — | — |", md, StringComparison.Ordinal);
        Assert.Contains("| host render | 11.00 | 13.00 | 13.00 | 13.00 | 5.00 | 6.00 | 6.00 | 6.00 |", md, StringComparison.Ordinal);
        Assert.Contains("| host send | 0.50 | 4.00 | 4.00 | 4.00 | — | — | — | — |", md, StringComparison.Ordinal);
        foreach (var stage in new[] { "host readback", "host encode", "host total (arrival → handed to the stream)", "network + client", "client decode" })
        {
            Assert.Contains($"| {stage} | 50.00 | 90.00 | 99.00 | 100.00 | — | — | — | — |", md, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Markdown_StageNeitherRunMeasured_NoRow()
    {
        var e2e = new RunResult { Kind = "e2e", Stages = new() { [Stages.PoseToReceive] = s_hundred, [Stages.Decode] = LatencySummary.Empty } };
        var run = new BenchRun
        {
            Machine = new MachineInfo(),
            Scenarios = [new ScenarioResult { Scenario = new BenchScenario(640, 360, 10_000, "jpeg", 2, 60), E2e = e2e }],
        };

        var md = BenchReport.Markdown(run, []);

        Assert.Contains("| pose → receive (end to end) | 50.00 | 90.00 | 99.00 | 100.00 | — | — | — | — |", md, StringComparison.Ordinal);
        // An empty series (e.g. --no-decode) and a stage with no series at all are both left out.
        Assert.DoesNotContain("| client decode |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| host render |", md, StringComparison.Ordinal);
    }
}
