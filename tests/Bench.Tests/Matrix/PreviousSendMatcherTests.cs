using ArrHost.Bench.Matrix;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class PreviousSendMatcherTests
{
    [Fact]
    public void Next_ConsecutiveFrames_SendBelongsToThePreviousFramesPose()
    {
        var m = new PreviousSendMatcher();

        Assert.Null(m.Next(frameNumber: 1, poseId: 10, measured: true));
        // Frame 2 (pose 12) carries frame 1's send: pose 10's, not 12's.
        Assert.Equal(10UL, m.Next(frameNumber: 2, poseId: 12, measured: true));
        Assert.Equal(12UL, m.Next(frameNumber: 3, poseId: 13, measured: true));
    }

    [Fact]
    public void Next_FrameSkippedByTheClient_SendOfTheUnseenFrameIsDropped()
    {
        var m = new PreviousSendMatcher();
        m.Next(frameNumber: 5, poseId: 50, measured: true);

        // Frame 6 was skipped: frame 7 carries frame 6's send, whose pose the client never saw.
        Assert.Null(m.Next(frameNumber: 7, poseId: 70, measured: true));
        Assert.Equal(70UL, m.Next(frameNumber: 8, poseId: 80, measured: true));
    }

    [Fact]
    public void Next_PreviousPoseOutsideTheWindow_NotCounted()
    {
        var m = new PreviousSendMatcher();
        m.Next(frameNumber: 1, poseId: 1, measured: false);

        // Frame 1's pose was warm-up: its send is not a sample, even though frame 2 is measured.
        Assert.Null(m.Next(frameNumber: 2, poseId: 2, measured: true));
        // Frame 2's send counts, even though frame 3 (after the window) is not measured itself.
        Assert.Equal(2UL, m.Next(frameNumber: 3, poseId: 3, measured: false));
    }
}
