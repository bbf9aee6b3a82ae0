using System.Numerics;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Scene.Builtin;

namespace ArrHost.Rendering.Tests.Gpu;

[Collection(GpuCollection.Name)]
public sealed class SphereFieldTests(GpuFixture gpu)
{
    [Theory]
    [InlineData(10_000, 9_408)]
    [InlineData(100_000, 102_144)]
    [InlineData(1_000_000, 995_904)]
    public void Create_TriangleTarget_MatchesBaselineCounts(long target, long actual)
    {
        Assert.Equal(actual, SphereField.Create(target).PrimitiveCount);
    }

    [Fact]
    public void Create_Triangles_FaceOutwards()
    {
        var p = SphereField.Create(10_000).Meshes[0].Primitives[0];
        for (var t = 0; t < p.TriangleCount; t += 7)
        {
            Vector3 V(int k) { var i = (int)p.Indices[t * 3 + k]; return new Vector3(p.Positions[i * 3], p.Positions[i * 3 + 1], p.Positions[i * 3 + 2]); }
            Vector3 N(int k) { var i = (int)p.Indices[t * 3 + k]; return new Vector3(p.Normals[i * 3], p.Normals[i * 3 + 1], p.Normals[i * 3 + 2]); }
            var face = Vector3.Cross(V(1) - V(0), V(2) - V(0));
            Assert.True(Vector3.Dot(face, N(0) + N(1) + N(2)) > 0, $"triangle {t} faces inwards");
        }
    }

    [Fact]
    public async Task Render_SphereField_FillsTheViewWithLitSpheres()
    {
        using (var renderer = new Renderer(gpu.Device, new RendererOptions { Width = 320, Height = 180 }))
        {
            using var model = await renderer.UploadAsync(SphereField.Create(10_000));
            var image = new byte[renderer.FrameBytes];
            var camera = CameraPose.LookAt(new Vector3(0, 0, 12.5f), Vector3.Zero, Vector3.UnitY, MathF.PI / 3, 0.5f, 100f);
            await renderer.RenderAsync(camera, [new DrawInstance(model, Matrix4x4.Identity)], image);
            var lit = 0;
            for (var i = 0; i < image.Length; i += 4) if (image[i] + image[i + 1] + image[i + 2] > 120) lit++;
            Assert.InRange(lit, image.Length / 4 / 3, image.Length / 4); // spheres cover a good part of the view
        }
        gpu.AssertNoValidationMessages();
    }
}
