using ArrHost.Cli.Rendering;
using ArrHost.Client;

namespace ArrHost.Cli.Tests.Rendering;

public sealed class StreamRecorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-recorder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Add_RawFramesEverySecond_SavesThoseAsPng()
    {
        using var recorder = new StreamRecorder(_dir, FrameCodec.Raw, 4, 2, 60, savePngEvery: 2);
        for (var i = 0; i < 5; i++) recorder.Add(FrameCodec.Raw, Raw((byte)(i * 40), 4, 2), 4, 2, TimeSpan.FromMilliseconds(16 * i));

        Assert.Null(recorder.StreamPath);
        Assert.Equal(["frame_00000.png", "frame_00002.png", "frame_00004.png"], recorder.PngPaths.Select(Path.GetFileName));
        var (rgba, w, h) = PngReader.Read(recorder.PngPaths[1]);
        Assert.Equal((4, 2), (w, h));
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(80, rgba[i * 4]));
        Assert.Equal(255, rgba[3]);
    }

    [Fact]
    public void Add_RawFramesWithoutPngInterval_SavesEveryFrame()
    {
        using var recorder = new StreamRecorder(_dir, FrameCodec.Raw, 4, 2, 60, savePngEvery: 0);
        for (var i = 0; i < 3; i++) recorder.Add(FrameCodec.Raw, Raw(1, 4, 2), 4, 2, TimeSpan.FromMilliseconds(16 * i));

        Assert.Equal(3, recorder.PngPaths.Count);
    }

    [Fact]
    public void Add_Jpeg_ConcatenatesIntoAnMjpegStream()
    {
        var recorder = new StreamRecorder(_dir, FrameCodec.Jpeg, 4, 2, 60, savePngEvery: 0);
        byte[] fakeJpeg = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9];
        recorder.Add(FrameCodec.Jpeg, fakeJpeg, 4, 2, TimeSpan.Zero);
        recorder.Add(FrameCodec.Jpeg, fakeJpeg, 4, 2, TimeSpan.Zero);
        recorder.Dispose();
        recorder.Dispose();

        Assert.Equal(Path.Combine(_dir, StreamRecorder.MjpegName), recorder.StreamPath);
        Assert.Equal(fakeJpeg.Concat(fakeJpeg), File.ReadAllBytes(recorder.StreamPath!));
        Assert.Equal(2, recorder.FramesWritten);
        Assert.Empty(recorder.PngPaths);
    }

    private static byte[] Raw(byte red, int w, int h)
    {
        var data = new byte[w * h * 4];
        for (var i = 0; i < w * h; i++)
        {
            data[i * 4] = red;
            data[i * 4 + 3] = 255;
        }

        return data;
    }
}
