using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Tests.Gpu;
using Xunit.Abstractions;

namespace ArrHost.Rendering.Tests.Samples;

/// <summary>Every Khronos sample in ../shared loads and renders with the validation layer on and says nothing.</summary>
[Collection(GpuCollection.Name)]
public sealed class SampleModelRenderTests(GpuFixture gpu, ITestOutputHelper output)
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedSamples.Root, "MANIFEST.json")));
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            if (file.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".glb", StringComparison.OrdinalIgnoreCase)) data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task LoadAndRender_KhronosSample_DrawsSomethingWithoutValidationMessages(string file)
    {
        var model = await GltfLoader.LoadAsync(Path.Combine(SharedSamples.Root, file));
        foreach (var shading in new[] { ShadingMode.PerPixel, ShadingMode.PerVertex })
        {
            using var renderer = new Renderer(gpu.Device, new RendererOptions { Width = 96, Height = 64, Shading = shading, PrimitiveBudget = null });
            using var gpuModel = await renderer.UploadAsync(model);
            var frame = new byte[renderer.FrameBytes];
            await renderer.RenderAsync(Framing(model), [new DrawInstance(gpuModel, Matrix4x4.Identity)], frame);
            await renderer.IdleAsync();

            var background = frame.AsSpan(0, 4).ToArray();
            var differing = 0;
            for (var i = 0; i < frame.Length; i += 4)
            {
                if (Math.Abs(frame[i] - background[0]) + Math.Abs(frame[i + 1] - background[1]) + Math.Abs(frame[i + 2] - background[2]) > 12) differing++;
            }

            Assert.True(differing > 20, $"{file} ({shading}): only {differing} pixels differ from the background");
        }

        gpu.AssertNoValidationMessages();
    }

    [Fact]
    public async Task FlightHelmet_DiskToFirstFrame_PrintsTheTime()
    {
        var path = Path.Combine(SharedSamples.Root, "FlightHelmet", "glTF", "FlightHelmet.gltf");
        var timer = Stopwatch.StartNew();
        var model = await GltfLoader.LoadAsync(path);
        var loaded = timer.Elapsed;
        using var renderer = new Renderer(gpu.Device, new RendererOptions { Width = 1280, Height = 720, Shading = ShadingMode.PerPixel });
        using var gpuModel = await renderer.UploadAsync(model);
        var uploaded = timer.Elapsed;
        var frame = new byte[renderer.FrameBytes];
        await renderer.RenderAsync(Framing(model), [new DrawInstance(gpuModel, Matrix4x4.Identity)], frame);
        var first = timer.Elapsed;

        // A measurement, not an assertion (shared machine). `./arr bench render` measures the same
        // (median of several runs, against the 1 s goal) and bench/results/render.md records it.
        output.WriteLine($"FlightHelmet disk->first frame: {first.TotalMilliseconds:0} ms (load {loaded.TotalMilliseconds:0}, upload {(uploaded - loaded).TotalMilliseconds:0}, first frame {(first - uploaded).TotalMilliseconds:0})");
        Assert.True(model.PrimitiveCount > 0);
        gpu.AssertNoValidationMessages();
    }

    private static CameraPose Framing(ArrHost.Rendering.Scene.ModelData model)
    {
        var center = (model.BoundsMin + model.BoundsMax) / 2;
        var radius = MathF.Max(1e-3f, Vector3.Distance(model.BoundsMin, model.BoundsMax) / 2);
        var eye = center + Vector3.Normalize(new Vector3(0.6f, 0.4f, 1f)) * radius * 2.6f;
        return CameraPose.LookAt(eye, center, Vector3.UnitY, MathF.PI / 3, radius * 0.05f, radius * 10f);
    }
}
