using System.Text.Json;
using System.Xml.Linq;
using ArrHost.Bench.Matrix;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class BenchReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "arr-bench-report-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Cdf_TwoSeries_WellFormedSvgWithBothLegends()
    {
        var svg = SvgCharts.Cdf("t <1>", [new("a", [1, 2, 3, 4]), new("b & c", [2, 4, 8])]);
        var doc = XDocument.Parse(svg);
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Equal(2, doc.Descendants().Count(e => e.Name.LocalName == "path"));
        Assert.Contains("b &amp; c", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void StackedBars_Segments_OneRectPerPositiveSegment()
    {
        var svg = SvgCharts.StackedBars("s", [new("x", [("render", 5), ("encode", 2), ("wait", 0)]), new("y", [("render", 1)])]);
        var rects = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "rect" && e.Element(XName.Get("title", "http://www.w3.org/2000/svg")) is not null);
        Assert.Equal(3, rects.Count());
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(13, 20)]
    [InlineData(21, 25)]
    [InlineData(260, 500)]
    public void NiceCeiling_Value_RoundAxisEnd(double v, double expected) => Assert.Equal(expected, SvgCharts.NiceCeiling(v), 9);

    [Fact]
    public void Write_Run_JsonMarkdownAndCharts()
    {
        var scenario = new BenchScenario(1280, 720, 10_000, "jpeg", 2, 60);
        var e2e = new RunResult
        {
            Kind = "e2e",
            Fps = 55,
            FramesReceived = 550,
            FramesDecoded = 550,
            Samples = [20, 22, 25, 40],
            DecodedSamples = [23, 25, 28, 44],
            Stages = new()
            {
                [Stages.PoseToReceive] = LatencySummary.Of([20, 22, 25, 40]),
                [Stages.HostRender] = LatencySummary.Of([10, 11]),
                [Stages.NetworkAndClient] = LatencySummary.Of([2, 3]),
            },
        };
        var limit = new RunResult { Kind = "limit", Fps = 60, MaxFps = 80, FramesReceived = 600, FramesDecoded = 600, Samples = [15, 16, 18], Stages = new() { [Stages.PoseToEncoded] = LatencySummary.Of([15, 16, 18]) } };
        var run = new BenchRun
        {
            StartedUtc = "now",
            Command = "arr bench",
            Machine = new MachineInfo { CpuModel = "cpu", Cores = 2 },
            Scenarios = [new ScenarioResult { Scenario = scenario, E2e = e2e, Limit = limit, Baseline = BaselineNumbers.For(scenario) }],
            Sessions = new SessionResult { CreateToReady = LatencySummary.Of([5, 6]), SessionsPerSecond = 3.5, Cycles = 7, Hosts = 1 },
        };

        var files = BenchReport.Write(run, _dir, "t");

        Assert.Contains(files, f => f.EndsWith("t.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("t.md", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("t-stages.svg", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("t-cdf-720p-10k-jpeg-if2-60hz.svg", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "t.json")));
        var first = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(22, first.GetProperty("e2e").GetProperty("stages").GetProperty("poseToReceive").GetProperty("p50").GetDouble());
        Assert.Equal(22.0 / 16, first.GetProperty("p50Ratio").GetDouble(), 6);
        var md = File.ReadAllText(Path.Combine(_dir, "t.md"));
        Assert.Contains("| 720p-10k-jpeg-if2-60hz | 22.0 / 40.0 / 40.0 / 40.0 |", md, StringComparison.Ordinal);
        Assert.Contains("1.38×", md, StringComparison.Ordinal);
        Assert.Contains("14.9 (67)", md, StringComparison.Ordinal);
        Assert.Contains("3.50 /s", md, StringComparison.Ordinal);
        foreach (var svg in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal))) XDocument.Load(svg);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
