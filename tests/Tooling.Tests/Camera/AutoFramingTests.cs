using System.Numerics;
using ArrHost.Tooling.Camera;

namespace ArrHost.Tooling.Tests.Camera;

public class AutoFramingTests
{
    private static readonly ModelBounds s_box = new(new Vector3(-1, 0, -2), new Vector3(3, 2, 2));

    [Theory]
    [InlineData(45f, 16f / 9f)]
    [InlineData(45f, 9f / 16f)]
    [InlineData(60f, 1f)]
    [InlineData(30f, 4f)]
    public void Frame_AnyAspect_BoundingSphereFitsBothFieldsOfView(float fov, float aspect)
    {
        var lens = new CameraLens(fov, aspect);
        var camera = AutoFraming.Frame(s_box, lens);

        var distance = Vector3.Distance(camera.Position, s_box.Center);
        var angularRadius = MathF.Asin(s_box.Radius / distance);
        Assert.True(angularRadius <= lens.HalfVertical + 1e-5f, "fits vertically");
        Assert.True(angularRadius <= lens.HalfHorizontal + 1e-5f, "fits horizontally");
        // ... and not by much: the sphere fills the narrower field of view up to the margin.
        Assert.True(angularRadius >= MathF.Min(lens.HalfVertical, lens.HalfHorizontal) * 0.85f, "not too far away");
    }

    [Fact]
    public void Frame_DefaultView_LooksAtTheCentreSlightlyDownFromTheFrontRight()
    {
        var camera = AutoFraming.Frame(s_box, CameraLens.For(1280, 720));

        var offset = camera.Position - s_box.Center;
        Assert.True(offset.X > 0, "right of the model (+X)");
        Assert.True(offset.Z > 0, "in front of the model (+Z, glTF's front)");
        Assert.True(offset.Y > 0, "above the centre");
        var toCentre = Vector3.Normalize(s_box.Center - camera.Position);
        Assert.True(Vector3.Dot(camera.Forward, toCentre) > 0.9999f, "looks at the centre");
        var downAngle = MathF.Asin(-camera.Forward.Y) * 180f / MathF.PI;
        Assert.InRange(downAngle, 10f, 30f);
        Assert.True(camera.Up.Y > 0.9f, "no roll");
    }

    [Fact]
    public void Frame_NearAndFar_EncloseTheBoundingSphere()
    {
        var camera = AutoFraming.Frame(s_box, CameraLens.For(640, 360));
        var distance = Vector3.Distance(camera.Position, s_box.Center);

        Assert.True(camera.Near > 0);
        Assert.True(camera.Near < distance - s_box.Radius);
        Assert.True(camera.Far > distance + s_box.Radius);
    }

    [Fact]
    public void FitDistance_KnownCase_IsRadiusOverSineOfTheHalfAngle()
    {
        // 90° vertical, square image: half angle 45°, so d = r / sin(45°) * margin.
        var d = AutoFraming.FitDistance(1f, new CameraLens(90f, 1f), margin: 1f);
        Assert.Equal(MathF.Sqrt(2f), d, 4);
    }

    [Fact]
    public void Frame_EmptyOrNonFiniteBounds_FallsBackToAUnitBox()
    {
        var camera = AutoFraming.Frame(new ModelBounds(new Vector3(float.PositiveInfinity), new Vector3(float.NegativeInfinity)), CameraLens.For(100, 100));
        Assert.True(float.IsFinite(camera.Position.X + camera.Position.Y + camera.Position.Z));
        Assert.True(camera.Position.Length() > 0.5f);
    }

    [Fact]
    public void LookAt_StraightDown_StillHasAFiniteOrientation()
    {
        var camera = CameraView.LookAt(new Vector3(0, 5, 0), Vector3.Zero, 45, 0.1f, 100);
        Assert.True(Vector3.Dot(camera.Forward, -Vector3.UnitY) > 0.9999f);
    }
}
