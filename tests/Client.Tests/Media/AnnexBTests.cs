using ArrHost.Client.Media;

namespace ArrHost.Client.Tests.Media;

public class AnnexBTests
{
    // An AUD, SPS, PPS and IDR slice with 4- and 3-byte start codes.
    private static readonly byte[] s_accessUnit =
    [
        0, 0, 0, 1, 0x09, 0xF0,
        0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F,
        0, 0, 1, 0x68, 0xCE, 0x3C, 0x80,
        0, 0, 1, 0x65, 0x88, 0x84, 0x00,
    ];

    [Fact]
    public void NalUnits_MixedStartCodes_SplitsWithoutStartCodes()
    {
        var units = new List<byte[]>();
        foreach (ReadOnlySpan<byte> nal in AnnexB.NalUnits(s_accessUnit))
        {
            units.Add(nal.ToArray());
        }
        Assert.Equal(4, units.Count);
        Assert.Equal(new byte[] { 0x09, 0xF0 }, units[0]);
        Assert.Equal(new byte[] { 0x67, 0x42, 0xC0, 0x1F }, units[1]);
        Assert.Equal(new byte[] { 0x68, 0xCE, 0x3C, 0x80 }, units[2]);
        Assert.Equal(new byte[] { 0x65, 0x88, 0x84, 0x00 }, units[3]);
        Assert.Equal([NalUnit.AccessUnitDelimiter, NalUnit.Sps, NalUnit.Pps, NalUnit.IdrSlice], units.Select(u => NalUnit.TypeOf(u)));
    }

    [Fact]
    public void ContainsIdr_PFrame_False()
    {
        Assert.True(AnnexB.ContainsIdr(s_accessUnit));
        Assert.False(AnnexB.ContainsIdr([0, 0, 0, 1, 0x41, 0x9A, 0x02]));
        Assert.False(AnnexB.ContainsIdr([]));
    }

    [Fact]
    public void AnnexBWriter_FramesBeforeFirstKeyframe_Skipped()
    {
        var ms = new MemoryStream();
        using (var w = new H264AnnexBWriter(ms))
        {
            Assert.False(w.Write([0, 0, 0, 1, 0x41, 0x9A]));
            Assert.True(w.Write(s_accessUnit));
            Assert.True(w.Write([0, 0, 0, 1, 0x41, 0x9A]));
            Assert.Equal(2, w.FramesWritten);
        }
        Assert.Equal(s_accessUnit.Length + 6, ms.Length);
    }

    [Fact]
    public void Mp4Writer_NonSeekableStream_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Mp4H264Writer(new NonSeekable(), 320, 240));
    }

    [Fact]
    public void Mp4Writer_KeyframeThenFinish_WritesFtypMdatMoovWithAvcC()
    {
        var ms = new MemoryStream();
        using (var w = new Mp4H264Writer(ms, 320, 240, 30))
        {
            Assert.True(w.WriteFrame(s_accessUnit));
        }
        byte[] b = ms.ToArray();
        Assert.Equal("ftyp"u8.ToArray(), b[4..8]);
        int mdat = b[3] | b[2] << 8; // the ftyp box size
        Assert.Equal("mdat"u8.ToArray(), b[(mdat + 4)..(mdat + 8)]);
        // mdat holds the IDR slice length-prefixed; AUD/SPS/PPS moved out of the samples.
        Assert.Equal(new byte[] { 0, 0, 0, 16, (byte)'m', (byte)'d', (byte)'a', (byte)'t', 0, 0, 0, 4, 0x65, 0x88, 0x84, 0x00 }, b[mdat..(mdat + 16)]);
        Assert.Equal("moov"u8.ToArray(), b[(mdat + 20)..(mdat + 24)]);
        int avcC = b.AsSpan().IndexOf("avcC"u8);
        Assert.True(avcC > 0);
        Assert.Equal(new byte[] { 1, 0x42, 0xC0, 0x1F, 0xFF, 0xE1, 0, 4, 0x67, 0x42, 0xC0, 0x1F, 1, 0, 4, 0x68, 0xCE, 0x3C, 0x80 }, b[(avcC + 4)..(avcC + 23)]);
    }

    [Fact]
    public void Mp4Writer_FramesWithTimes_SampleDurationsFollowTheTimes()
    {
        var ms = new MemoryStream();
        using (var w = new Mp4H264Writer(ms, 320, 240, 30))
        {
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.FromSeconds(5)));
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.FromSeconds(5.1)));
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.FromSeconds(5.3)));
        }
        byte[] b = ms.ToArray();
        int stts = b.AsSpan().IndexOf("stts"u8);
        uint[] words = Enumerable.Range(0, 7).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(stts + 8 + (i * 4)))).ToArray();
        // 3 runs of one sample: 100 ms and 200 ms at 90 kHz, then one nominal 1/30 s frame.
        Assert.Equal(new uint[] { 3, 1, 9000, 1, 18000, 1, 3000 }, words);
        int mdhd = b.AsSpan().IndexOf("mdhd"u8);
        Assert.Equal(90_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(mdhd + 16)));
        Assert.Equal(30_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(mdhd + 20)));
    }

    [Fact]
    public void Mp4Writer_MoreThan13HoursOfMediaTime_VersionOneHeadersWith64BitDurations()
    {
        var ms = new MemoryStream();
        using (var w = new Mp4H264Writer(ms, 320, 240, 30))
        {
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.Zero));
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.FromHours(10)));
            Assert.True(w.WriteFrame(s_accessUnit, TimeSpan.FromHours(20)));
        }
        byte[] b = ms.ToArray();
        int mdhd = b.AsSpan().IndexOf("mdhd"u8);
        Assert.Equal(1, b[mdhd + 4]); // version 1
        Assert.Equal(90_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(mdhd + 24)));
        // 20 h at 90 kHz plus one nominal 1/30 s frame: more than 32 bits hold.
        Assert.Equal((20UL * 3600 * 90_000) + 3000, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(mdhd + 28)));
        int mvhd = b.AsSpan().IndexOf("mvhd"u8);
        Assert.Equal(1, b[mvhd + 4]);
        Assert.Equal((20UL * 3600 * 1000) + 33, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(mvhd + 28)));
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
