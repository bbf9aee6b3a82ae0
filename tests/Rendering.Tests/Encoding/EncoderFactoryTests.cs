using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;

namespace ArrHost.Rendering.Tests.Encoding;

public class EncoderFactoryTests
{
    [Fact]
    public void Normalize_EmptyOptions_AppliesDefaults()
    {
        StreamOptions o = EncoderFactory.Normalize(new StreamOptions());
        Assert.Equal(Codec.Jpeg, o.Codec);
        Assert.Equal(1280u, o.Width);
        Assert.Equal(720u, o.Height);
        Assert.Equal(60u, o.MaxFrameRate);
        Assert.Equal(2u, o.FramesInFlight);
        Assert.Equal(85u, o.JpegQuality);
        Assert.Equal("420", o.JpegSubsampling);
        Assert.Equal(60u, o.GopLength);
        Assert.Equal(0u, o.BitrateKbps);
    }

    [Theory]
    [InlineData(Codec.Jpeg, 0u, 8193u, "16..8192")]
    [InlineData(Codec.Jpeg, 8u, 720u, "16..8192")]
    [InlineData(Codec.H264, 1281u, 720u, "even")]
    [InlineData(Codec.H264, 1280u, 721u, "even")]
    [InlineData((Codec)42, 1280u, 720u, "Unknown codec 42")]
    public void Normalize_BadOptions_ThrowsClearError(Codec codec, uint width, uint height, string expected)
    {
        var e = Assert.Throws<StreamOptionsException>(() => EncoderFactory.Normalize(new StreamOptions { Codec = codec, Width = width, Height = height }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Normalize_OddSizeForJpeg_IsAccepted()
    {
        Assert.Equal(321u, EncoderFactory.Normalize(new StreamOptions { Codec = Codec.Jpeg, Width = 321, Height = 241 }).Width);
    }

    [Theory]
    [InlineData("jpeg_quality")]
    [InlineData("jpeg_subsampling")]
    [InlineData("max_frame_rate")]
    [InlineData("frames_in_flight")]
    public void Normalize_OutOfRangeSetting_NamesTheField(string field)
    {
        var o = new StreamOptions();
        switch (field)
        {
            case "jpeg_quality": o.JpegQuality = 101; break;
            case "jpeg_subsampling": o.JpegSubsampling = "411"; break;
            case "max_frame_rate": o.MaxFrameRate = 241; break;
            case "frames_in_flight": o.FramesInFlight = 5; break;
        }
        var e = Assert.Throws<StreamOptionsException>(() => EncoderFactory.Normalize(o));
        Assert.Contains(field, e.Message);
    }

    [Theory]
    [InlineData(Codec.H264, "libx264")]
    [InlineData(Codec.Jpeg, "libturbojpeg")]
    [InlineData(Codec.RawRgba, "raw")]
    [InlineData(Codec.Unspecified, "libturbojpeg")]
    public void Create_Codec_PicksEncoder(Codec codec, string name)
    {
        using var selection = new DisposableSelection(new EncoderFactory(tryNvenc: false).Create(new StreamOptions { Codec = codec, Width = 320, Height = 240 }));
        Assert.Equal(name, selection.Value.Encoder.Name);
        Assert.Empty(selection.Value.Notes);
        Assert.Equal(320, selection.Value.Encoder.Width);
    }

    [Fact]
    public void Create_MissingAvcodec_FallsBackToJpegAndNamesPackage()
    {
        var factory = new EncoderFactory(lib => !lib.StartsWith("libavcodec", StringComparison.Ordinal), tryNvenc: false);
        using var selection = new DisposableSelection(factory.Create(new StreamOptions { Codec = Codec.H264, Width = 320, Height = 240 }));
        Assert.Equal(Codec.Jpeg, selection.Value.Encoder.Codec);
        Assert.Equal(Codec.Jpeg, selection.Value.Options.Codec);
        Assert.True(selection.Value.FellBack);
        Assert.Contains(selection.Value.Notes, n => n.Contains("libavcodec59") && n.Contains("libavcodec.so.59"));
    }

    [Fact]
    public void Create_MissingTurboJpeg_FallsBackToRawAndNamesPackage()
    {
        var factory = new EncoderFactory(lib => lib != "libturbojpeg.so.0", tryNvenc: false);
        using var selection = new DisposableSelection(factory.Create(new StreamOptions { Codec = Codec.Jpeg, Width = 320, Height = 240 }));
        Assert.Equal(Codec.RawRgba, selection.Value.Encoder.Codec);
        Assert.Contains(selection.Value.Notes, n => n.Contains("apt-get install libturbojpeg0"));
    }

    [Fact]
    public void Create_NvencWithoutGpu_FallsBackToLibx264()
    {
        using var selection = new DisposableSelection(new EncoderFactory(tryNvenc: true).Create(new StreamOptions { Codec = Codec.H264, Width = 320, Height = 240 }));
        if (selection.Value.Encoder.Name == "h264_nvenc")
        {
            return; // a machine with an NVIDIA GPU
        }
        Assert.Equal("libx264", selection.Value.Encoder.Name);
        Assert.Contains(selection.Value.Notes, n => n.Contains("h264_nvenc"));
    }

    private sealed class DisposableSelection(EncoderSelection value) : IDisposable
    {
        public EncoderSelection Value { get; } = value;

        public void Dispose() => Value.Encoder.Dispose();
    }
}
