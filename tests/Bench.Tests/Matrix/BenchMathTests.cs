using ArrHost.Bench.Matrix;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class BenchMathTests
{
    [Fact]
    public void Of_HundredSamples_NearestRankPercentiles()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        var s = LatencySummary.Of(samples);
        Assert.Equal(100, s.Count);
        Assert.Equal(50, s.P50);
        Assert.Equal(90, s.P90);
        Assert.Equal(99, s.P99);
        Assert.Equal(100, s.Max);
        Assert.Equal(50.5, s.Mean, 6);
    }

    [Fact]
    public void Of_NoSamples_Empty()
    {
        var s = LatencySummary.Of([]);
        Assert.Equal(0, s.Count);
        Assert.Equal(0, s.P99);
    }

    [Fact]
    public void Of_OneSample_EveryPercentileIsIt()
    {
        var s = LatencySummary.Of([7.5]);
        Assert.Equal(7.5, s.P50);
        Assert.Equal(7.5, s.P99);
    }

    [Theory]
    [InlineData("none", 0, 0, 0)]
    [InlineData("wan", 20, 5, 50e6)]
    [InlineData("lte", 40, 15, 20e6)]
    [InlineData("custom:delay=30,jitter=10,bandwidth=8M", 30, 10, 8e6)]
    [InlineData("custom:delay=5ms,bandwidth=500k", 5, 0, 5e5)]
    public void Parse_KnownProfiles_Values(string text, double delay, double jitter, double bandwidth)
    {
        var p = NetworkProfile.Parse(text);
        Assert.Equal(delay, p.DelayMs);
        Assert.Equal(jitter, p.JitterMs);
        Assert.Equal(bandwidth, p.BandwidthBitsPerSecond);
        Assert.Equal(text == "none", p.IsNone);
    }

    [Theory]
    [InlineData("satellite")]
    [InlineData("custom:delay=abc")]
    [InlineData("custom:latency=5")]
    [InlineData("custom:delay=5,jitter=10")]
    public void Parse_BadProfile_Throws(string text) => Assert.Throws<FormatException>(() => NetworkProfile.Parse(text));

    [Fact]
    public void Parse_MatrixOptions_Values()
    {
        Assert.Equal([(1280, 720), (1920, 1080)], BenchSettings.ParseResolutions("1280x720, 1920X1080"));
        Assert.Equal([10_000, 100_000, 1_000_000], BenchSettings.ParseCounts("10000,100k,1M"));
        Assert.Equal(["jpeg", "h264"], BenchSettings.ParseCodecs("JPEG,x264"));
        Assert.Throws<FormatException>(() => BenchSettings.ParseResolutions("720p"));
        Assert.Throws<FormatException>(() => BenchSettings.ParseCodecs("vp9"));
    }

    [Fact]
    public void Scenarios_DefaultMatrix_EveryCombination()
    {
        var s = new BenchSettings { FramesInFlight = [1, 2] }.Scenarios().ToList();
        Assert.Equal(2 * 2 * 2 * 2, s.Count);
        Assert.Contains(s, x => x.Name == "720p-10k-jpeg-if1-60hz");
        Assert.Single(BenchSettings.QuickProfile().Scenarios());
    }

    [Fact]
    public void For_MatchingScene_BaselineFromResults()
    {
        Assert.Equal(14.9, BaselineNumbers.For(new BenchScenario(1280, 720, 10_000, "jpeg", 2, 60))!.SequentialMs);
        Assert.Equal(72.2, BaselineNumbers.For(new BenchScenario(1920, 1080, 100_000, "h264", 1, 60))!.SequentialMs);
        Assert.Null(BaselineNumbers.For(new BenchScenario(640, 360, 10_000, "jpeg", 2, 60)));
        Assert.Null(BaselineNumbers.For(new BenchScenario(1280, 720, 50_000, "jpeg", 2, 60)));
    }

    [Fact]
    public void MeetsGoals_RatiosAgainstLimit_Judged()
    {
        static RunResult Run(string stage, double p50, double p99, double fps) => new()
        {
            Fps = fps,
            Stages = new() { [stage] = new LatencySummary { Count = 10, P50 = p50, P99 = p99 } },
        };
        var ok = new ScenarioResult
        {
            Scenario = new BenchScenario(1280, 720, 10_000, "jpeg", 2, 60),
            E2e = Run(Stages.PoseToReceive, 24, 40, 58),
            Limit = Run(Stages.PoseToEncoded, 20, 30, 60),
        };
        Assert.Equal(1.2, ok.P50Ratio!.Value, 6);
        Assert.True(ok.MeetsGoals);
        ok.E2e = Run(Stages.PoseToReceive, 24, 60, 58);
        Assert.False(ok.MeetsGoals);
        var other = new ScenarioResult { Scenario = new BenchScenario(1920, 1080, 10_000, "jpeg", 2, 60), E2e = ok.E2e, Limit = ok.Limit };
        Assert.False(other.GoalApplies);
        Assert.Null(other.MeetsGoals);
    }

    [Fact]
    public void Stop_AfterSomeWork_SharesWithinRange()
    {
        var load = CpuLoad.Start();
        var x = 0.0;
        for (var i = 0; i < 2_000_000; i++) x += Math.Sqrt(i);
        Thread.Sleep(50);
        var (foreign, own) = load.Stop();
        Assert.True(x > 0);
        Assert.InRange(foreign, -1, 1);
        Assert.InRange(own, -1, 1);
    }
}
