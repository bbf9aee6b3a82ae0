using ArrHost.Tooling.Statistics;

namespace ArrHost.Tooling.Tests.Statistics;

public class LatencyStatsTests
{
    [Fact]
    public void Percentile_OneToHundred_IsTheSampleAtTheNearestRank()
    {
        var stats = new LatencyStats();
        foreach (var v in Enumerable.Range(1, 100).Reverse()) stats.Add(v);

        Assert.Equal(1, stats.Percentile(0));
        Assert.Equal(100, stats.Percentile(100));
        Assert.Equal(50, stats.Percentile(50));
        Assert.Equal(90, stats.Percentile(90));
        Assert.Equal(99, stats.Percentile(99));
        Assert.Equal(Percentiles.NearestRankUnsorted(Enumerable.Range(1, 100).Select(v => (double)v), 0.99), stats.Percentile(99));
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
        Assert.Equal(1, stats.Percentile(50));
        Assert.Equal(5, stats.Percentile(51));
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
}
