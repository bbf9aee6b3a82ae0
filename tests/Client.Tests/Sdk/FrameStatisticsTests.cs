using ArrHost.Client.Internal.Frames;

namespace ArrHost.Client.Tests.Sdk;

public sealed class FrameStatisticsTests
{
    private long _now = 10_000_000;

    [Fact]
    public void Snapshot_WindowsRollOver_TotalsKeepCounting()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        stats.FrameReceived(_now, 0, poseId: 1, posesDropped: 0);
        stats.FrameDiscarded();
        _now += 2_500_000;
        stats.FrameReceived(_now, 0, poseId: 2, posesDropped: 0);
        stats.FrameDiscarded();
        _now += 1_000_000;

        var s = stats.Snapshot();

        Assert.Equal(1, s.VideoFramesDiscarded); // the last complete second only
        Assert.Equal(2, s.TotalFramesDiscarded);
        Assert.Equal(2, s.TotalFramesReceived);
    }

    [Fact]
    public void Snapshot_AfterOneSecondOfFrames_ReportsCountsDeltasAndAverageLatency()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        // Frames at +0, +10 ms, +40 ms; poses taken 20 ms, 30 ms and 40 ms before arrival.
        stats.FrameReceived(_now, _now - 20_000, poseId: 1, posesDropped: 0);
        stats.FrameReceived(_now + 10_000, _now + 10_000 - 30_000, poseId: 2, posesDropped: 2);
        stats.FrameReceived(_now + 40_000, _now + 40_000 - 40_000, poseId: 2, posesDropped: 0);
        stats.FrameDiscarded();
        _now += 1_000_000;

        var s = stats.Snapshot();

        Assert.Equal(3, s.VideoFramesReceived);
        Assert.Equal(2, s.VideoFramesSkipped);
        Assert.Equal(1, s.VideoFramesReused);
        Assert.Equal(1, s.VideoFramesDiscarded);
        Assert.Equal(TimeSpan.FromMilliseconds(10), s.VideoFrameMinDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(30), s.VideoFrameMaxDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(30), s.LatencyPoseToReceive);
        Assert.Equal(TimeSpan.FromSeconds(1), s.Window);
        Assert.Equal(3, s.TotalFramesReceived);
    }

    [Fact]
    public void Snapshot_PresentAndDisplay_AveragesReceiveToPresentAndTimeSinceLastPresent()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        var t0 = _now;
        stats.FramePresented(receivedAtUs: t0, presentedAtUs: t0 + 2_000);
        stats.FramePresented(receivedAtUs: t0 + 16_000, presentedAtUs: t0 + 22_000);
        stats.FrameDisplayed(presentedAtUs: t0 + 22_000, displayedAtUs: t0 + 30_000);
        _now += 1_000_000;

        var s = stats.Snapshot();

        Assert.Equal(TimeSpan.FromMilliseconds(4), s.LatencyReceiveToPresent);
        Assert.Equal(TimeSpan.FromMilliseconds(20), s.TimeSinceLastPresent);
        Assert.Equal(TimeSpan.FromMilliseconds(8), s.LatencyPresentToDisplay);
    }

    [Fact]
    public void Snapshot_NoFramesForSeveralSeconds_ReportsEmptyLastSecond()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        stats.FrameReceived(_now, _now - 1000, 1, 0);
        _now += 3_500_000;

        var s = stats.Snapshot();

        Assert.Equal(0, s.VideoFramesReceived);
        Assert.Equal(TimeSpan.Zero, s.VideoFrameMaxDelta);
        Assert.Equal(1, s.TotalFramesReceived);
    }

    [Fact]
    public void Snapshot_BeforeFirstWindowCompletes_ReportsCurrentPartialWindow()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        stats.FrameReceived(_now, 0, 1, 0);
        _now += 250_000;

        var s = stats.Snapshot();

        Assert.Equal(1, s.VideoFramesReceived);
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.Window);
        Assert.Equal(TimeSpan.Zero, s.LatencyPoseToReceive);
    }

    [Fact]
    public void Snapshot_FramesInSecondWindow_OnlyLastCompleteWindowCounts()
    {
        var stats = new FrameStatisticsAccumulator(() => _now);
        var t0 = _now;
        stats.FrameReceived(t0, 0, 1, 0);
        stats.FrameReceived(t0 + 1_100_000, 0, 2, 0);
        stats.FrameReceived(t0 + 1_200_000, 0, 3, 0);
        _now = t0 + 2_050_000;

        var s = stats.Snapshot();

        Assert.Equal(2, s.VideoFramesReceived);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.VideoFrameMinDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(1100), s.VideoFrameMaxDelta);
    }

    [Fact]
    public void NowUs_TwoReads_AreMonotonicAndInMicroseconds()
    {
        var a = PoseClock.NowUs;
        Thread.Sleep(20);
        var b = PoseClock.NowUs;

        Assert.InRange(b - a, 15_000, 2_000_000);
    }
}
