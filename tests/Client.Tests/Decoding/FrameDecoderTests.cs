using ArrHost.Client.Decoding;

namespace ArrHost.Client.Tests.Decoding;

public class FrameDecoderTests
{
    [Theory]
    [InlineData(FrameCodec.H264, typeof(H264Decoder))]
    [InlineData(FrameCodec.Jpeg, typeof(JpegDecoder))]
    [InlineData(FrameCodec.Raw, typeof(RawDecoder))]
    public void Create_KnownCodec_ReturnsDecoder(FrameCodec codec, Type type)
    {
        using IFrameDecoder decoder = FrameDecoders.Create(codec);
        Assert.IsType(type, decoder);
        Assert.Equal(codec, decoder.Codec);
    }

    [Fact]
    public void Create_UnknownCodec_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameDecoders.Create((FrameCodec)0));
    }

    [Fact]
    public void Raw_WithPitch_CopiesRows()
    {
        using var decoder = new RawDecoder();
        byte[] data = Enumerable.Range(0, 16 * 2 * 4).Select(i => (byte)i).ToArray();
        byte[] dst = new byte[80 * 2];
        Assert.True(decoder.Decode(data, 16, 2, dst, 80, out DecodedFrameInfo info));
        Assert.Equal(new DecodedFrameInfo(16, 2, true), info);
        Assert.Equal(data[..64], dst[..64]);
        Assert.Equal(data[64..], dst[80..144]);
    }

    [Fact]
    public void Raw_WrongLength_ThrowsInvalidData()
    {
        using var decoder = new RawDecoder();
        Assert.Throws<InvalidDataException>(() => decoder.Decode(new byte[10], 16, 2, new byte[128], 64, out _));
    }

    [Theory]
    [InlineData(FrameCodec.H264)]
    [InlineData(FrameCodec.Jpeg)]
    [InlineData(FrameCodec.Raw)]
    public void Decode_DestinationTooSmall_ThrowsArgument(FrameCodec codec)
    {
        using IFrameDecoder decoder = FrameDecoders.Create(codec);
        var e = Assert.Throws<ArgumentException>(() => decoder.Decode(new byte[64], 16, 16, new byte[100], 64, out _));
        Assert.Contains("too small", e.Message);
    }

    [Fact]
    public void Jpeg_Garbage_ThrowsInvalidData()
    {
        using var decoder = new JpegDecoder();
        Assert.Throws<InvalidDataException>(() => decoder.Decode(new byte[] { 1, 2, 3, 4, 5 }, 16, 16, new byte[1024], 64, out _));
    }

    [Fact]
    public void H264_NonKeyframeGarbage_ProducesNoPictureOrInvalidData()
    {
        using var decoder = new H264Decoder();
        try
        {
            Assert.False(decoder.Decode(new byte[] { 0, 0, 0, 1, 0x41, 0x9A, 0x02, 0x04 }, 16, 16, new byte[1024], 64, out _));
        }
        catch (InvalidDataException)
        {
            // Either answer is fine: no picture must come out of a P-slice without SPS/PPS.
        }
    }
}
