using System.Numerics;
using ArrHost.Cli.Rendering;
using ArrHost.Tooling.Camera;

namespace ArrHost.Cli.Tests.Rendering;

public class CameraPathTests
{
    private static readonly ModelBounds s_bounds = new(new Vector3(-1), new Vector3(1));
    private static readonly CameraLens s_lens = CameraLens.For(1280, 720);

    [Fact]
    public void Orbit_Start_IsTheAutoFramingView()
    {
        var path = new OrbitPath(s_bounds, s_lens, period: 4);
        var expected = AutoFraming.Frame(s_bounds, s_lens);
        Assert.True(Vector3.Distance(expected.Position, path.At(0).Position) < 1e-4f);
    }

    [Fact]
    public void Orbit_HalfPeriod_IsOnTheOppositeSideAtTheSameDistanceAndHeight()
    {
        var path = new OrbitPath(s_bounds, s_lens, period: 4);
        var a = path.At(0).Position - s_bounds.Center;
        var b = path.At(2).Position - s_bounds.Center;

        Assert.Equal(a.Length(), b.Length(), 3);
        Assert.Equal(a.Y, b.Y, 3);
        Assert.Equal(-a.X, b.X, 3);
        Assert.Equal(-a.Z, b.Z, 3);
        Assert.True(Vector3.Distance(path.At(0).Position, path.At(4).Position) < 1e-3f, "one turn per period");
    }

    [Fact]
    public void Orbit_EveryPose_LooksAtTheCentre()
    {
        var path = new OrbitPath(s_bounds, s_lens, period: 3);
        for (var t = 0.0; t < 3; t += 0.25)
        {
            var camera = path.At(t);
            Assert.True(Vector3.Dot(camera.Forward, Vector3.Normalize(s_bounds.Center - camera.Position)) > 0.9999f, $"t={t}");
        }
    }

    [Fact]
    public void Dolly_MovesInAndBackOut()
    {
        var path = new DollyPath(s_bounds, s_lens, period: 2);
        float Distance(double t) => Vector3.Distance(path.At(t).Position, s_bounds.Center);

        Assert.Equal(DollyPath.FarZoom, path.Zoom(0), 4);
        Assert.Equal(DollyPath.NearZoom, path.Zoom(1), 4);
        Assert.True(Distance(0) > Distance(0.5) && Distance(0.5) > Distance(1), "moves in");
        Assert.True(Distance(1.5) > Distance(1), "moves back out");
        Assert.Equal(Distance(0), Distance(2), 3);
        Assert.True(path.At(1).Near > 0);
    }

    [Fact]
    public void Keyframes_BetweenKeys_InterpolatesLinearly()
    {
        var path = new KeyframePath(
            [new CameraKeyframe(2, new Vector3(10, 0, 0), Vector3.Zero), new CameraKeyframe(0, new Vector3(0, 0, 10), Vector3.Zero)],
            s_bounds, s_lens);

        var (eye, target) = path.Sample(1);
        Assert.Equal(new Vector3(5, 0, 5), eye);
        Assert.Equal(Vector3.Zero, target);
        Assert.Equal(2, path.Duration);
        Assert.True(Vector3.Dot(path.At(1).Forward, Vector3.Normalize(-eye)) > 0.9999f);
    }

    [Fact]
    public void Keyframes_OutsideTheirTimes_HoldTheFirstAndLast()
    {
        var path = new KeyframePath(
            [new CameraKeyframe(1, new Vector3(0, 0, 5), Vector3.Zero), new CameraKeyframe(3, new Vector3(5, 0, 0), Vector3.UnitY)],
            s_bounds, s_lens);

        Assert.Equal(new Vector3(0, 0, 5), path.Sample(0).Eye);
        Assert.Equal(new Vector3(5, 0, 0), path.Sample(10).Eye);
        Assert.Equal(Vector3.UnitY, path.Sample(10).Target);
    }

    [Fact]
    public void Create_Names_GiveTheirPaths()
    {
        Assert.IsType<OrbitPath>(CameraPaths.Create("orbit", s_bounds, s_lens, 5));
        Assert.IsType<DollyPath>(CameraPaths.Create(" Dolly ", s_bounds, s_lens, 5));
    }

    [Fact]
    public void Create_JsonFile_GivesAKeyframePath()
    {
        var file = Path.Combine(Path.GetTempPath(), $"arr-path-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """[{"t":0,"eye":[0,1,4],"target":[0,0,0]},{"t":2.5,"eye":[4,1,0],"target":[0,0.5,0]}]""");
        try
        {
            var path = Assert.IsType<KeyframePath>(CameraPaths.Create(file, s_bounds, s_lens, 5));
            Assert.Equal(2, path.Keys.Count);
            Assert.Equal(2.5, path.Duration);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Create_UnknownNameAndNoFile_IsAClearUsageError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CameraPaths.Create("spiral", s_bounds, s_lens, 5));
        Assert.Contains("spiral", ex.Message);
        Assert.Contains("orbit", ex.Message);
    }
}
