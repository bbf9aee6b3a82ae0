using System.Buffers;
using ArrHost.Client;
using ArrHost.Client.Decoding;
using ArrHost.Client.Media;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding;

namespace ArrHost.Rendering.Tests.Encoding;

/// <summary>Host encoders against the SDK's decoders and against the ffmpeg command-line tool.</summary>
public sealed class CodecRoundTripTests : IDisposable
{
    private static readonly byte[][] s_source = TestFrames.Sequence();
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-enc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EncoderSelection Open(Codec codec, uint quality = 0) =>
        new EncoderFactory(tryNvenc: false).Create(new StreamOptions { Codec = codec, Width = TestFrames.Width, Height = TestFrames.Height, JpegQuality = quality });

    /// <summary>Encodes the whole sequence; returns each frame's bytes and keyframe flag.</summary>
    private static List<(byte[] Data, bool Key)> EncodeAll(IFrameEncoder encoder, Func<int, bool>? forceKey = null)
    {
        var output = new ArrayBufferWriter<byte>();
        var frames = new List<(byte[], bool)>();
        for (int i = 0; i < s_source.Length; i++)
        {
            output.ResetWrittenCount();
            EncodeResult r = encoder.Encode(s_source[i], TestFrames.Width * 4, forceKey?.Invoke(i) ?? false, output);
            Assert.Equal(r.Bytes, output.WrittenCount);
            frames.Add((output.WrittenSpan.ToArray(), r.Keyframe));
        }
        return frames;
    }

    [Theory]
    [InlineData(Codec.H264, 35.0)]
    [InlineData(Codec.Jpeg, 35.0)]
    [InlineData(Codec.RawRgba, double.PositiveInfinity)]
    public void EncodeDecode_SyntheticSequence_EveryFrameMatchesSource(Codec codec, double minPsnr)
    {
        EncoderSelection selection = Open(codec);
        using IFrameEncoder encoder = selection.Encoder;
        using IFrameDecoder decoder = FrameDecoders.Create(codec switch { Codec.H264 => FrameCodec.H264, Codec.Jpeg => FrameCodec.Jpeg, _ => FrameCodec.Raw });
        byte[] rgba = new byte[FrameDecoders.RgbaBufferSize(TestFrames.Width, TestFrames.Height)];
        List<(byte[] Data, bool Key)> encoded = EncodeAll(encoder);
        Assert.True(encoded[0].Key);
        for (int i = 0; i < encoded.Count; i++)
        {
            Assert.True(decoder.Decode(encoded[i].Data, TestFrames.Width, TestFrames.Height, rgba, TestFrames.Width * 4, out DecodedFrameInfo info), $"frame {i} produced no picture");
            Assert.Equal((TestFrames.Width, TestFrames.Height), (info.Width, info.Height));
            double psnr = TestFrames.Psnr(s_source[i], rgba);
            Assert.True(psnr >= minPsnr, $"frame {i}: PSNR {psnr:F2} dB < {minPsnr} dB");
        }
    }

    [Fact]
    public void H264_DecodedByFfmpegCli_SameFrameCountAndPsnrAtLeast35()
    {
        Assert.True(FfmpegCli.Available, "the ffmpeg CLI (Debian package ffmpeg) is needed as the independent decoder");
        using IFrameEncoder encoder = Open(Codec.H264).Encoder;
        string path = Path.Combine(_dir, "x.h264");
        using (var writer = new H264AnnexBWriter(path))
        {
            foreach ((byte[] data, _) in EncodeAll(encoder))
            {
                Assert.True(writer.Write(data));
            }
        }
        AssertDecodesLikeSource(FfmpegCli.DecodeToRgba(path));
    }

    [Fact]
    public void Jpeg_DecodedByFfmpegCli_SameFrameCountAndPsnrAtLeast35()
    {
        Assert.True(FfmpegCli.Available, "the ffmpeg CLI (Debian package ffmpeg) is needed as the independent decoder");
        using IFrameEncoder encoder = Open(Codec.Jpeg).Encoder;
        string path = Path.Combine(_dir, "x.mjpeg");
        using (FileStream file = File.Create(path))
        {
            foreach ((byte[] data, _) in EncodeAll(encoder))
            {
                file.Write(data);
            }
        }
        AssertDecodesLikeSource(FfmpegCli.DecodeToRgba(path, "mjpeg"));
    }

    [Fact]
    public void Mp4Writer_H264Stream_FfprobeReportsFrameCountAndSize()
    {
        Assert.True(FfmpegCli.Available, "the ffmpeg CLI (Debian package ffmpeg) is needed as the independent decoder");
        using IFrameEncoder encoder = Open(Codec.H264).Encoder;
        string path = Path.Combine(_dir, "x.mp4");
        using (var mp4 = new Mp4H264Writer(path, TestFrames.Width, TestFrames.Height, 30))
        {
            foreach ((byte[] data, _) in EncodeAll(encoder, i => i == 12))
            {
                Assert.True(mp4.WriteFrame(data));
            }
        }
        string probe = FfmpegCli.Probe(path, "stream=codec_name,width,height,nb_read_frames,avg_frame_rate");
        Assert.Contains("codec_name=h264", probe);
        Assert.Contains($"width={TestFrames.Width}", probe);
        Assert.Contains($"height={TestFrames.Height}", probe);
        Assert.Contains($"nb_read_frames={s_source.Length}", probe);
        Assert.Contains("avg_frame_rate=30/1", probe);
        AssertDecodesLikeSource(FfmpegCli.DecodeToRgba(path));
    }

    [Fact]
    public void H264_KeyframeRequested_ProducesIdrOnlyWhereAsked()
    {
        using IFrameEncoder encoder = Open(Codec.H264).Encoder;
        List<(byte[] Data, bool Key)> frames = EncodeAll(encoder, i => i == 10 || i == 17);
        for (int i = 0; i < frames.Count; i++)
        {
            bool expected = i is 0 or 10 or 17;
            Assert.Equal(expected, AnnexB.ContainsIdr(frames[i].Data));
            Assert.Equal(expected, frames[i].Key);
        }
        // A keyframe carries SPS and PPS in-band so a client can join there.
        var types = new List<int>();
        foreach (ReadOnlySpan<byte> nal in AnnexB.NalUnits(frames[10].Data))
        {
            types.Add(NalUnit.TypeOf(nal));
        }
        Assert.Contains(NalUnit.Sps, types);
        Assert.Contains(NalUnit.Pps, types);
    }

    [Fact]
    public void H264Decoder_JoinsAtRequestedKeyframe_DecodesFromThere()
    {
        using IFrameEncoder encoder = Open(Codec.H264).Encoder;
        List<(byte[] Data, bool Key)> frames = EncodeAll(encoder, i => i == 15);
        using var decoder = new H264Decoder();
        byte[] rgba = new byte[TestFrames.Width * TestFrames.Height * 4];
        for (int i = 15; i < frames.Count; i++)
        {
            Assert.True(decoder.Decode(frames[i].Data, TestFrames.Width, TestFrames.Height, rgba, TestFrames.Width * 4, out DecodedFrameInfo info));
            Assert.Equal(i == 15, info.Keyframe);
            Assert.True(TestFrames.Psnr(s_source[i], rgba) >= 35);
        }
    }

    [Theory]
    [InlineData(Codec.H264)]
    [InlineData(Codec.Jpeg)]
    [InlineData(Codec.RawRgba)]
    public void Encode_100FramesSteadyState_AllocatesNothing(Codec codec)
    {
        using IFrameEncoder encoder = Open(codec).Encoder;
        var output = new ArrayBufferWriter<byte>(TestFrames.Width * TestFrames.Height * 8);
        for (int i = 0; i < 5; i++)
        {
            output.ResetWrittenCount();
            encoder.Encode(s_source[i], TestFrames.Width * 4, false, output);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            encoder.Encode(s_source[i % s_source.Length], TestFrames.Width * 4, i % 50 == 0, output);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{codec}: {allocated} bytes allocated over 100 frames");
    }

    [Fact]
    public void Jpeg_QualityOption_ChangesSizeAndQuality()
    {
        using IFrameEncoder low = Open(Codec.Jpeg, 30).Encoder;
        using IFrameEncoder high = Open(Codec.Jpeg, 95).Encoder;
        var a = new ArrayBufferWriter<byte>();
        var b = new ArrayBufferWriter<byte>();
        low.Encode(s_source[3], TestFrames.Width * 4, false, a);
        high.Encode(s_source[3], TestFrames.Width * 4, false, b);
        Assert.True(a.WrittenCount < b.WrittenCount);
    }

    private static void AssertDecodesLikeSource(byte[] decoded)
    {
        int frameBytes = TestFrames.Width * TestFrames.Height * 4;
        Assert.Equal(s_source.Length, decoded.Length / frameBytes);
        Assert.Equal(0, decoded.Length % frameBytes);
        for (int i = 0; i < s_source.Length; i++)
        {
            double psnr = TestFrames.Psnr(s_source[i], decoded.AsSpan(i * frameBytes, frameBytes));
            Assert.True(psnr >= 35, $"frame {i}: PSNR {psnr:F2} dB vs source < 35 dB");
        }
    }
}
