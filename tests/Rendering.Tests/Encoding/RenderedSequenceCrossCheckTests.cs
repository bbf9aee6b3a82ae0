using System.Buffers;
using System.Numerics;
using ArrHost.Client.Media;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Gpu;
using ArrHost.Rendering.Tests.Gpu;
using Codec = ArrHost.Protos.V1.Codec;
using StreamOptions = ArrHost.Protos.V1.StreamOptions;

namespace ArrHost.Rendering.Tests.Encoding;

/// <summary>
/// The host's renderer and encoders on a real rendered sequence (a Khronos sample under a moving
/// camera), decoded by the ffmpeg command-line tool: every frame comes back, at 35 dB or better
/// against the raw readback, with the encoders' default settings.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class RenderedSequenceCrossCheckTests(GpuFixture gpu) : IDisposable
{
    private const int Width = 320, Height = 240, Frames = 24;
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-rendered-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Codec.H264)]
    [InlineData(Codec.Jpeg)]
    public async Task Encode_RenderedOrbitOfDamagedHelmet_FfmpegDecodesEveryFrameAtLeast35Db(Codec codec)
    {
        Assert.True(FfmpegCli.Available, "the ffmpeg CLI (Debian package ffmpeg) is needed as the independent decoder");
        var rendered = await RenderOrbitAsync();

        var selection = new EncoderFactory(tryNvenc: false).Create(new StreamOptions { Codec = codec, Width = Width, Height = Height });
        using var encoder = selection.Encoder;
        var path = Path.Combine(_dir, codec == Codec.H264 ? "stream.h264" : "stream.mjpeg");
        var output = new ArrayBufferWriter<byte>();
        using (var h264 = codec == Codec.H264 ? new H264AnnexBWriter(path) : null)
        using (var mjpeg = codec == Codec.Jpeg ? File.Create(path) : null)
        {
            foreach (var frame in rendered)
            {
                output.ResetWrittenCount();
                encoder.Encode(frame, Width * 4, false, output);
                if (h264 is not null) Assert.True(h264.Write(output.WrittenSpan));
                mjpeg?.Write(output.WrittenSpan);
            }
        }

        var decoded = FfmpegCli.DecodeToRgba(path, codec == Codec.Jpeg ? "mjpeg" : null);
        const int frameBytes = Width * Height * 4;
        Assert.Equal(rendered.Count * frameBytes, decoded.Length);
        for (var i = 0; i < rendered.Count; i++)
        {
            var psnr = TestFrames.Psnr(rendered[i], decoded.AsSpan(i * frameBytes, frameBytes));
            Assert.True(psnr >= 35, $"{codec} frame {i}: PSNR {psnr:F2} dB against the rendered frame < 35 dB");
        }
    }

    /// <summary>A quarter orbit around the helmet, read back as tightly packed RGBA.</summary>
    private async Task<List<byte[]>> RenderOrbitAsync()
    {
        var model = await GltfLoader.LoadAsync(Path.Combine(SharedSamples.Root, "DamagedHelmet", "glTF-Binary", "DamagedHelmet.glb"));
        using var renderer = new Renderer(gpu.Device, new RendererOptions { Width = Width, Height = Height, PrimitiveBudget = null });
        using var uploaded = await renderer.UploadAsync(model);
        var center = (model.BoundsMin + model.BoundsMax) / 2;
        var radius = Vector3.Distance(model.BoundsMin, model.BoundsMax) / 2;
        var frames = new List<byte[]>();
        for (var i = 0; i < Frames; i++)
        {
            var angle = MathF.PI / 2 * i / Frames;
            var eye = center + (new Vector3(MathF.Sin(angle), 0.3f, MathF.Cos(angle)) * radius * 1.6f);
            var frame = new byte[renderer.FrameBytes];
            await renderer.RenderAsync(CameraPose.LookAt(eye, center, Vector3.UnitY, MathF.PI / 3, radius * 0.05f, radius * 10), [new DrawInstance(uploaded, Matrix4x4.Identity)], frame);
            frames.Add(frame);
        }

        await renderer.IdleAsync();
        Assert.True(frames[0].Length == Width * Height * 4, "the readback is tightly packed RGBA");
        var covered = 0;
        for (var p = 0; p < frames[0].Length; p += 4)
        {
            if (Math.Abs(frames[0][p] - frames[0][0]) + Math.Abs(frames[0][p + 1] - frames[0][1]) + Math.Abs(frames[0][p + 2] - frames[0][2]) > 24) covered++;
        }

        Assert.True(covered > Width * Height / 20, $"the helmet covers only {covered} pixels: nothing to compare");
        gpu.AssertNoValidationMessages();
        return frames;
    }
}
