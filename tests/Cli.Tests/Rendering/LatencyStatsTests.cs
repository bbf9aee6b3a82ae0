using ArrHost.Cli.Rendering;
using ArrHost.Client;

namespace ArrHost.Cli.Tests.Rendering;

public class LatencyStatsTests
{
    [Fact]
    public void Percentile_OneToHundred_InterpolatesBetweenRanks()
    {
        var stats = new LatencyStats();
        foreach (var v in Enumerable.Range(1, 100).Reverse()) stats.Add(v);

        Assert.Equal(1, stats.Percentile(0));
        Assert.Equal(100, stats.Percentile(100));
        Assert.Equal(50.5, stats.Percentile(50), 9);
        Assert.Equal(90.1, stats.Percentile(90), 9);
        Assert.Equal(99.01, stats.Percentile(99), 9);
        Assert.Equal(50.5, stats.Mean, 9);
        Assert.Equal(1, stats.Min);
        Assert.Equal(100, stats.Max);
    }

    [Fact]
    public void Percentile_SingleValue_IsThatValue()
    {
        var stats = new LatencyStats();
        stats.Add(TimeSpan.FromMilliseconds(7.5));
        Assert.Equal(7.5, stats.Percentile(50), 9);
        Assert.Equal(7.5, stats.Percentile(99), 9);
    }

    [Fact]
    public void Percentile_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(new LatencyStats().Percentile(50)));
    }

    [Fact]
    public void Add_AfterAPercentile_IsIncluded()
    {
        var stats = new LatencyStats();
        stats.Add(5);
        stats.Add(1);
        Assert.Equal(3, stats.Percentile(50));
        stats.Add(0);
        stats.Add(double.NaN);
        Assert.Equal(3, stats.Count);
        Assert.Equal(1, stats.Percentile(50));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void Percentile_OutOfRange_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyStats().Percentile(p));
    }

    [Fact]
    public void StreamStatistics_FramesOverOneSecond_GiveRateAndBandwidth()
    {
        var stats = new StreamStatistics();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var tick = System.Diagnostics.Stopwatch.Frequency / 10; // 10 frames per second
        var host = new FrameHostTimings(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(9));
        for (var i = 0; i <= 10; i++)
        {
            stats.Add(TimeSpan.FromMilliseconds(10 + i), host, bytes: 12_500, keyframe: i == 0, posesDropped: i == 5 ? 2 : 0, overBudget: false, start + i * tick);
        }

        Assert.Equal(11, stats.Frames);
        Assert.Equal(1, stats.Keyframes);
        Assert.Equal(2, stats.PosesDropped);
        Assert.Equal(10, stats.FramesPerSecond, 6);
        Assert.Equal(12_500, stats.BytesPerFrame, 6);
        Assert.Equal(1.0, stats.MegabitsPerSecond, 6); // 12.5 kB * 8 * 10/s
        Assert.Equal(15, stats.PoseToReceive.Percentile(50), 6);
        Assert.Equal(4, stats.HostRender.Percentile(50), 6);

        var json = stats.ToJson();
        Assert.Equal(11, (long)json["frames"]!);
        Assert.Equal(15.0, (double)json["poseToReceiveMs"]!["p50"]!, 6);
        Assert.Equal(3.0, (double)json["hostMs"]!["encode"]!["p50"]!, 6);
    }
}
