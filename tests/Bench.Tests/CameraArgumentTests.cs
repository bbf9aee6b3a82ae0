using System.Numerics;
using ArrHost.Bench.Snapshots;

namespace ArrHost.Bench.Tests;

/// <summary>arr render --camera "ex,ey,ez:tx,ty,tz[:fov]".</summary>
public class CameraArgumentTests
{
    [Fact]
    public void ParseCamera_WithFov_ReadsAll()
    {
        var (eye, target, fov) = CameraArgument.ParseCamera("1,2.5,-3 : 0,0.5,0 : 40");
        Assert.Equal(new Vector3(1, 2.5f, -3), eye);
        Assert.Equal(new Vector3(0, 0.5f, 0), target);
        Assert.Equal(40f, fov);
    }

    [Fact]
    public void ParseCamera_WithoutFov_LeavesItUnset()
    {
        var (_, _, fov) = CameraArgument.ParseCamera("0,0,5:0,0,0");
        Assert.Null(fov);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("1,2,3")]
    [InlineData("1,2,3:0,0")]
    [InlineData("a,2,3:0,0,0")]
    [InlineData("1,2,3:0,0,0:200")]
    [InlineData("1,2,3:1,2,3")]
    [InlineData("1,2,3:0,0,0:45:9")]
    public void ParseCamera_Bad_IsAUsageError(string text)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CameraArgument.ParseCamera(text));
        Assert.Contains("--camera", ex.Message);
    }
}
