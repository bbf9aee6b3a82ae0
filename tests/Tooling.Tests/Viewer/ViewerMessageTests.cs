using System.Numerics;
using System.Text;
using ArrHost.Tooling.Viewer;

namespace ArrHost.Tooling.Tests.Viewer;

public sealed class ViewerMessageTests
{
    private static readonly byte[] s_pose = Encoding.UTF8.GetBytes("""{"t":"pose","seq":42,"eye":[1.5,2,-3],"target":[0,0.25,0],"fov":50}""");
    private static readonly byte[] s_painted = Encoding.UTF8.GetBytes("""{"t":"painted","seq":42,"g2g":17.25,"decode":2.5}""");

    [Fact]
    public void TryParse_Pose_ReadsSequenceCameraAndFov()
    {
        Assert.True(ViewerMessage.TryParse(s_pose, out var m));

        Assert.Equal(ViewerMessageKind.Pose, m.Kind);
        Assert.Equal(42u, m.Sequence);
        Assert.True(m.HasEye && m.HasTarget);
        Assert.Equal(new Vector3(1.5f, 2, -3), m.Eye);
        Assert.Equal(new Vector3(0, 0.25f, 0), m.Target);
        Assert.Equal(50f, m.Fov);
    }

    [Fact]
    public void TryParse_PaintedWithAndWithoutTimes_ReadsThemOrNaN()
    {
        Assert.True(ViewerMessage.TryParse(s_painted, out var timed));
        Assert.True(ViewerMessage.TryParse("""{"t":"painted"}"""u8, out var bare));

        Assert.Equal(ViewerMessageKind.Painted, timed.Kind);
        Assert.Equal(17.25, timed.GlassToGlass);
        Assert.Equal(2.5, timed.Decode);
        Assert.True(double.IsNaN(bare.GlassToGlass));
        Assert.Equal(0u, bare.Sequence);
    }

    [Fact]
    public void TryParse_HelloLoadAndUnknownFields_ReadsWhatItKnowsAndSkipsTheRest()
    {
        Assert.True(ViewerMessage.TryParse("""{"extra":{"a":[1,{"b":2}]},"t":"hello","h264":true,"more":null}"""u8, out var hello));
        Assert.True(ViewerMessage.TryParse("""{"t":"load","url":"builtin:cube"}"""u8, out var load));
        Assert.True(ViewerMessage.TryParse("""{"t":"dance"}"""u8, out var unknown));

        Assert.Equal(ViewerMessageKind.Hello, hello.Kind);
        Assert.True(hello.H264);
        Assert.Equal(ViewerMessageKind.Load, load.Kind);
        Assert.Equal("builtin:cube", load.Url);
        Assert.Equal(ViewerMessageKind.Unknown, unknown.Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"t":"pose","eye":[1,2""")]
    [InlineData("""{"t":7}""")]
    public void TryParse_Malformed_IsNoMessage(string text)
    {
        var parsed = ViewerMessage.TryParse(Encoding.UTF8.GetBytes(text), out var m);

        Assert.True(!parsed || m.Kind == ViewerMessageKind.Unknown);
    }

    [Theory]
    [InlineData("""{"t":"pose","eye":[1,2],"target":[0,0,0]}""")]
    [InlineData("""{"t":"pose","eye":[1,2,3,4],"target":[0,0,0]}""")]
    [InlineData("""{"t":"pose","eye":[1,"2",3],"target":[0,0,0]}""")]
    [InlineData("""{"t":"pose","eye":{"x":1},"target":[0,0,0]}""")]
    public void TryParse_PoseWithABadVector_HasNoEye(string text)
    {
        Assert.True(ViewerMessage.TryParse(Encoding.UTF8.GetBytes(text), out var m));

        Assert.Equal(ViewerMessageKind.Pose, m.Kind);
        Assert.False(m.HasEye);
        Assert.True(m.HasTarget);
    }

    [Fact]
    public void TryParse_PosesAndPaintedOncePerFrame_AllocateNothing()
    {
        ViewerMessage.TryParse(s_pose, out _);
        ViewerMessage.TryParse(s_painted, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ViewerMessage.TryParse(s_pose, out _);
            ViewerMessage.TryParse(s_painted, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PoseSequenceMap_FindRecentAndOverwritten_AnswersOnlyTheIdStillHeld()
    {
        var map = new PoseSequenceMap();
        map.Add(5, 105);
        map.Add(5 + PoseSequenceMap.Capacity, 999);

        Assert.Equal(999u, map.Find(5 + PoseSequenceMap.Capacity));
        Assert.Equal(0u, map.Find(5));
        Assert.Equal(0u, map.Find(6));
    }
}
