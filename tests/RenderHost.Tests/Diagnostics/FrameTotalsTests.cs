using ArrHost.RenderHost.Diagnostics;

namespace ArrHost.RenderHost.Tests.Diagnostics;

public sealed class FrameTotalsTests
{
    [Fact]
    public void Since_TwoSnapshotsOneSecondApart_TotalsAndMeansOverTheInterval()
    {
        var before = new FrameTotals(Frames: 100, Bytes: 1_000_000, PosesDropped: 3, TotalUs: 1_000_000, RenderUs: 400_000, EncodeUs: 300_000);
        var now = new FrameTotals(Frames: 160, Bytes: 1_600_000, PosesDropped: 5, TotalUs: 1_600_000, RenderUs: 640_000, EncodeUs: 480_000);

        var stats = now.Since(before, TimeSpan.FromSeconds(2));

        Assert.Equal(160ul, stats.FramesSent);
        Assert.Equal(1_600_000ul, stats.BytesSent);
        Assert.Equal(5ul, stats.PosesDropped);
        Assert.Equal(30f, stats.FramesPerSecond);
        Assert.Equal(10f, stats.MeanTotalMs, 3);
        Assert.Equal(4f, stats.MeanRenderMs, 3);
        Assert.Equal(3f, stats.MeanEncodeMs, 3);
        Assert.Equal(10_000f, stats.MeanFrameBytes, 1);
    }

    [Fact]
    public void Since_NoFramesInTheInterval_ZeroRateAndMeans()
    {
        var totals = new FrameTotals(42, 4200, 0, 420_000, 1, 1);

        var stats = totals.Since(totals, TimeSpan.FromSeconds(1));

        Assert.Equal(42ul, stats.FramesSent);
        Assert.Equal(0f, stats.FramesPerSecond);
        Assert.Equal(0f, stats.MeanTotalMs);
        Assert.Equal(0f, stats.MeanFrameBytes);
    }
}
