using ArrHost.Cli.Rendering;
using ArrHost.Client;

namespace ArrHost.Cli.Tests.Rendering;

public class StreamStatisticsTests
{
    [Fact]
    public void Add_FramesOverOneSecond_GiveRateAndBandwidth()
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
