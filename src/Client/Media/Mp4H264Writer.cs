using System.Buffers.Binary;

namespace ArrHost.Client.Media;

/// <summary>
/// Writes H.264 frames into an MP4 file (ISO BMFF: ftyp, mdat, then moov with one avc1 track)
/// that ffmpeg, browsers and players open. Annex-B access units are converted to 4-byte
/// length-prefixed NAL units; SPS/PPS go into the avcC box. Frames before the first keyframe are
/// skipped. The output stream must be seekable (the mdat size is patched at the end).
/// </summary>
public sealed class Mp4H264Writer : IDisposable
{
    private readonly Stream _output;
    private readonly bool _ownsStream;
    private readonly int _width;
    private readonly int _height;
    private readonly int _frameRate;
    private readonly long _mdatStart;
    private readonly List<uint> _sampleSizes = new();
    private readonly List<uint> _syncSamples = new();
    /// <summary>Presentation times in <see cref="TimedTimescale"/> units, when every frame came with one.</summary>
    private readonly List<long> _times = new();
    private bool _untimed;
    private byte[]? _sps;
    private byte[]? _pps;
    private bool _finished;

    /// <summary>Creates (or overwrites) an .mp4 file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRate">Frames per second for playback timing of frames written without a time.</param>
    public Mp4H264Writer(string path, int width, int height, int frameRate = 60)
        : this(File.Create(path), width, height, frameRate, ownsStream: true)
    {
    }

    /// <summary>Writes to a seekable stream.</summary>
    /// <param name="output">A seekable, writable stream positioned where the file starts.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRate">Frames per second for playback timing of frames written without a time.</param>
    /// <param name="ownsStream">Whether <see cref="Dispose"/> closes the stream.</param>
    /// <exception cref="ArgumentException">The stream cannot seek, or a size or rate is not positive.</exception>
    public Mp4H264Writer(Stream output, int width, int height, int frameRate = 60, bool ownsStream = false)
    {
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("The MP4 writer needs a writable, seekable stream.", nameof(output));
        }
        if (width <= 0 || height <= 0 || frameRate <= 0 || width > ushort.MaxValue || height > ushort.MaxValue)
        {
            throw new ArgumentException($"Invalid video {width}x{height} at {frameRate} fps.");
        }
        (_output, _width, _height, _frameRate, _ownsStream) = (output, width, height, frameRate, ownsStream);
        var ftyp = new BoxWriter();
        ftyp.Begin("ftyp");
        ftyp.Type("isom");
        ftyp.U32(0x200);
        ftyp.Type("isom");
        ftyp.Type("iso2");
        ftyp.Type("avc1");
        ftyp.Type("mp41");
        ftyp.End();
        ftyp.CopyTo(_output);
        _mdatStart = _output.Position;
        Span<byte> mdat = [0, 0, 0, 0, (byte)'m', (byte)'d', (byte)'a', (byte)'t'];
        _output.Write(mdat);
    }

    /// <summary>Media clock of files written with frame times: 90 kHz, as in MPEG transport.</summary>
    private const uint TimedTimescale = 90_000;

    /// <summary>Frames written so far.</summary>
    public int FramesWritten => _sampleSizes.Count;

    /// <summary>Appends one access unit (a Frame's Annex-B data).</summary>
    /// <param name="accessUnit">The frame.</param>
    /// <returns>Whether it was written (false before the first keyframe).</returns>
    public bool WriteFrame(ReadOnlySpan<byte> accessUnit) => WriteFrame(accessUnit, null);

    /// <summary>
    /// Appends one access unit shown at <paramref name="time"/> (any monotonic clock, e.g. when it was
    /// received), so the file plays at the pace the frames came; frames written without a time make the
    /// whole file use the nominal frame rate.
    /// </summary>
    /// <param name="accessUnit">The frame.</param>
    /// <param name="time">When the frame is shown; later than the previous frame's.</param>
    /// <returns>Whether it was written (false before the first keyframe).</returns>
    public bool WriteFrame(ReadOnlySpan<byte> accessUnit, TimeSpan? time)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        bool idr = false;
        foreach (ReadOnlySpan<byte> nal in AnnexB.NalUnits(accessUnit))
        {
            switch (NalUnit.TypeOf(nal))
            {
                case NalUnit.Sps:
                    _sps ??= nal.ToArray();
                    break;
                case NalUnit.Pps:
                    _pps ??= nal.ToArray();
                    break;
                case NalUnit.IdrSlice:
                    idr = true;
                    break;
            }
        }
        if (_sampleSizes.Count == 0 && (!idr || _sps == null || _pps == null))
        {
            return false;
        }
        uint size = 0;
        Span<byte> length = stackalloc byte[4];
        foreach (ReadOnlySpan<byte> nal in AnnexB.NalUnits(accessUnit))
        {
            int type = NalUnit.TypeOf(nal);
            if (type is NalUnit.Sps or NalUnit.Pps or NalUnit.AccessUnitDelimiter or < 0)
            {
                continue;
            }
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            _output.Write(length);
            _output.Write(nal);
            size += 4 + (uint)nal.Length;
        }
        _sampleSizes.Add(size);
        if (time is { } t)
        {
            _times.Add((long)Math.Round(t.TotalSeconds * TimedTimescale));
        }
        else
        {
            _untimed = true;
        }

        if (idr)
        {
            _syncSamples.Add((uint)_sampleSizes.Count);
        }
        return true;
    }

    /// <summary>Writes the index (moov) and patches the mdat size; called by <see cref="Dispose"/>.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        long end = _output.Position;
        long mdatSize = end - _mdatStart;
        if (mdatSize > uint.MaxValue)
        {
            throw new IOException("MP4 files above 4 GiB are not supported by this writer.");
        }
        _output.Position = _mdatStart;
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(size, (uint)mdatSize);
        _output.Write(size);
        _output.Position = end;
        WriteMoov((uint)(_mdatStart + 8));
        _output.Flush();
    }

    private void WriteMoov(uint firstChunkOffset)
    {
        uint count = (uint)_sampleSizes.Count;
        var (mediaTimescale, deltas) = SampleDurations();
        long mediaDuration = 0;
        foreach (var (run, delta) in deltas)
        {
            mediaDuration += (long)run * delta;
        }

        long movieDuration = mediaDuration * 1000 / mediaTimescale;
        // Version 1 headers carry 64-bit times; needed once the media clock passes 2^32 ticks (13 h at 90 kHz).
        bool wide = mediaDuration > uint.MaxValue;
        var b = new BoxWriter();
        b.Begin("moov");
        b.BeginFull("mvhd", wide ? (byte)1 : (byte)0, 0);
        WriteTimes(b, wide, 1000, movieDuration);
        b.U32(0x00010000); b.U16(0x0100); b.Zeros(10); b.Matrix(); b.Zeros(24); b.U32(2);
        b.End();
        b.Begin("trak");
        b.BeginFull("tkhd", wide ? (byte)1 : (byte)0, 3);
        if (wide)
        {
            b.U64(0); b.U64(0); b.U32(1); b.U32(0); b.U64((ulong)movieDuration);
        }
        else
        {
            b.U32(0); b.U32(0); b.U32(1); b.U32(0); b.U32((uint)movieDuration);
        }

        b.Zeros(8); b.U16(0); b.U16(0); b.U16(0); b.U16(0); b.Matrix();
        b.U32((uint)_width << 16); b.U32((uint)_height << 16);
        b.End();
        b.Begin("mdia");
        b.BeginFull("mdhd", wide ? (byte)1 : (byte)0, 0);
        WriteTimes(b, wide, mediaTimescale, mediaDuration);
        b.U16(0x55C4); b.U16(0);
        b.End();
        b.BeginFull("hdlr", 0, 0);
        b.U32(0); b.Type("vide"); b.Zeros(12); b.Bytes("VideoHandler\0"u8);
        b.End();
        b.Begin("minf");
        b.BeginFull("vmhd", 0, 1);
        b.Zeros(8);
        b.End();
        b.Begin("dinf");
        b.BeginFull("dref", 0, 0);
        b.U32(1);
        b.BeginFull("url ", 0, 1);
        b.End();
        b.End();
        b.End();
        b.Begin("stbl");
        WriteStsd(b);
        b.BeginFull("stts", 0, 0);
        b.U32((uint)deltas.Count);
        foreach (var (run, delta) in deltas)
        {
            b.U32(run); b.U32(delta);
        }
        b.End();
        b.BeginFull("stss", 0, 0);
        b.U32((uint)_syncSamples.Count);
        foreach (uint s in _syncSamples)
        {
            b.U32(s);
        }
        b.End();
        b.BeginFull("stsc", 0, 0);
        b.U32(count == 0 ? 0u : 1u);
        if (count > 0)
        {
            b.U32(1); b.U32(count); b.U32(1);
        }
        b.End();
        b.BeginFull("stsz", 0, 0);
        b.U32(0); b.U32(count);
        foreach (uint s in _sampleSizes)
        {
            b.U32(s);
        }
        b.End();
        b.BeginFull("stco", 0, 0);
        b.U32(count == 0 ? 0u : 1u);
        if (count > 0)
        {
            b.U32(firstChunkOffset);
        }
        b.End();
        b.End(); // stbl
        b.End(); // minf
        b.End(); // mdia
        b.End(); // trak
        b.End(); // moov
        b.CopyTo(_output);
    }

    /// <summary>Creation and modification time (0), timescale and duration, in the 32- or 64-bit layout of mvhd/mdhd.</summary>
    private static void WriteTimes(BoxWriter b, bool wide, uint timescale, long duration)
    {
        if (wide)
        {
            b.U64(0); b.U64(0); b.U32(timescale); b.U64((ulong)duration);
        }
        else
        {
            b.U32(0); b.U32(0); b.U32(timescale); b.U32((uint)duration);
        }
    }

    /// <summary>The media timescale and the sample durations as (count, duration) runs, as stts stores them.</summary>
    private (uint Timescale, List<(uint Run, uint Delta)> Deltas) SampleDurations()
    {
        var runs = new List<(uint Run, uint Delta)>();
        int count = _sampleSizes.Count;
        if (count == 0)
        {
            return ((uint)_frameRate * 1000, runs);
        }
        if (_untimed || _times.Count != count)
        {
            runs.Add(((uint)count, 1000));
            return ((uint)_frameRate * 1000, runs);
        }

        uint nominal = TimedTimescale / (uint)_frameRate;
        for (int i = 0; i < count; i++)
        {
            // The last frame has no successor: it lasts one nominal frame. Times that do not increase still advance one tick.
            long d = i + 1 < count ? _times[i + 1] - _times[i] : nominal;
            uint delta = (uint)Math.Clamp(d, 1, uint.MaxValue);
            if (runs.Count > 0 && runs[^1].Delta == delta)
            {
                runs[^1] = (runs[^1].Run + 1, delta);
            }
            else
            {
                runs.Add((1, delta));
            }
        }
        return (TimedTimescale, runs);
    }

    private void WriteStsd(BoxWriter b)
    {
        b.BeginFull("stsd", 0, 0);
        b.U32(1);
        b.Begin("avc1");
        b.Zeros(6); b.U16(1);              // reserved, data_reference_index
        b.Zeros(16);                       // pre_defined, reserved, pre_defined[3]
        b.U16((ushort)_width); b.U16((ushort)_height);
        b.U32(0x00480000); b.U32(0x00480000); b.U32(0);
        b.U16(1);                          // frame_count
        b.Zeros(32);                       // compressorname
        b.U16(0x0018); b.U16(0xFFFF);      // depth, pre_defined = -1
        if (_sps != null && _pps != null)
        {
            b.Begin("avcC");
            b.U8(1); b.U8(_sps[1]); b.U8(_sps[2]); b.U8(_sps[3]);
            b.U8(0xFF);                    // 4-byte NAL lengths
            b.U8(0xE1); b.U16((ushort)_sps.Length); b.Bytes(_sps);
            b.U8(1); b.U16((ushort)_pps.Length); b.Bytes(_pps);
            if (_sps[1] is 100 or 110 or 122 or 144)
            {
                b.U8(0xFC | 1); b.U8(0xF8); b.U8(0xF8); b.U8(0); // 4:2:0, 8-bit, no SPS extensions
            }
            b.End();
        }
        b.End(); // avc1
        b.End(); // stsd
    }

    /// <summary>Finishes the file and, if owned, closes the stream.</summary>
    public void Dispose()
    {
        Finish();
        if (_ownsStream)
        {
            _output.Dispose();
        }
    }
}
