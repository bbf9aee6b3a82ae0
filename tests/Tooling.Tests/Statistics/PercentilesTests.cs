using ArrHost.Tooling.Statistics;

namespace ArrHost.Tooling.Tests.Statistics;

/// <summary>The one percentile definition of every report: nearest rank, as ../shared/baseline reports p99.</summary>
public class PercentilesTests
{
    [Theory]
    [InlineData(0.50, 5)]
    [InlineData(0.90, 9)]
    [InlineData(0.99, 10)]
    [InlineData(1.00, 10)]
    [InlineData(0.00, 1)]
    public void NearestRank_TenSamples_IsTheSampleAtRankCeilQn(double q, double expected)
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(expected, Percentiles.NearestRank(sorted, q));
    }

    [Fact]
    public void NearestRank_Unsorted_SortsACopyAndAgreesWithTheSummary()
    {
        double[] samples = [9, 1, 7, 3, 5];

        Assert.Equal(5, Percentiles.NearestRankUnsorted(samples, 0.5));
        Assert.Equal(new double[] { 9, 1, 7, 3, 5 }, samples);
        var summary = LatencySummary.Of(samples);
        Assert.Equal(Percentiles.NearestRankUnsorted(samples, 0.99), summary.P99);
        Assert.Equal(Percentiles.NearestRankUnsorted(samples, 0.5), summary.P50);
    }

    [Fact]
    public void NearestRank_Empty_IsNaN() => Assert.True(double.IsNaN(Percentiles.NearestRank(ReadOnlySpan<double>.Empty, 0.5)));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void NearestRank_FractionOutOfRange_Throws(double q) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1.0], q));
}
