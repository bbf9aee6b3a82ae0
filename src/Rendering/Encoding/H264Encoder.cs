using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding.Native;
using static ArrHost.Rendering.Encoding.Native.AvLayout;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// H.264 through libavcodec: libx264 (ultrafast, zerolatency, no B-frames, no lookahead) or
/// h264_nvenc (p1, ull). Output is one Annex-B access unit per frame with SPS/PPS before every IDR.
/// The YUV frame, the packet and the conversion state are allocated once.
/// </summary>
internal sealed unsafe class H264Encoder : IFrameEncoder
{
    private readonly H264Settings _settings;
    private void* _context;
    private void* _frame;
    private void* _packet;
    private void* _sws;
    private long _pts;

    private H264Encoder(string name, H264Settings settings)
    {
        Name = name;
        _settings = settings;
    }

    public Codec Codec => Codec.H264;

    public string Name { get; }

    public int Width => _settings.Width;

    public int Height => _settings.Height;

    // The loaded FFmpeg and its struct layouts do not change during the process: check once, not per connection.
    private static readonly Lazy<CodecUnavailableException?> s_libraryCheck = new(() =>
    {
        try
        {
            AvLayout.SelfCheck();
            FFmpeg.av_log_set_level(FFmpeg.AV_LOG_WARNING); // no per-encoder statistics on stderr
            return null;
        }
        catch (DllNotFoundException e)
        {
            return new CodecUnavailableException($"H.264 needs {FFmpeg.AvCodecLibrary}, {FFmpeg.AvUtilLibrary} and {FFmpeg.SwScaleLibrary}: {e.Message}", FFmpeg.AvCodecPackage, e);
        }
        catch (CodecUnavailableException e)
        {
            return e;
        }
    });

    /// <summary>Opens <paramref name="encoderName"/> ("libx264" or "h264_nvenc").</summary>
    /// <exception cref="CodecUnavailableException">libavcodec is missing, has another layout, or the encoder does not open.</exception>
    public static H264Encoder Open(string encoderName, H264Settings settings)
    {
        if (s_libraryCheck.Value is { } unavailable) throw unavailable;
        var encoder = new H264Encoder(encoderName, settings);
        try
        {
            encoder.OpenNative();
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    private void OpenNative()
    {
        H264Settings s = _settings;
        void* codec = FFmpeg.FindEncoder(Name);
        if (codec == null)
        {
            throw new CodecUnavailableException($"This libavcodec has no '{Name}' encoder.", Name == "libx264" ? "libavcodec59 (built with libx264)" : FFmpeg.AvCodecPackage);
        }
        _context = FFmpeg.avcodec_alloc_context3(codec);
        string inv(int value) => value.ToString(CultureInfo.InvariantCulture);
        Set("video_size", $"{inv(s.Width)}x{inv(s.Height)}");
        Set("pixel_format", "yuv420p");
        Set("time_base", $"1/{inv(s.FrameRate)}");
        Set("g", inv(s.GopLength));
        Set("bf", "0");
        if (s.BitrateKbps > 0)
        {
            Set("b", $"{inv(s.BitrateKbps)}k");
            Set("maxrate", $"{inv(s.BitrateKbps)}k");
            Set("bufsize", $"{inv(Math.Max(1, s.BitrateKbps / 4))}k"); // a 250 ms VBV: low delay without starving keyframes
        }
        if (Name == "h264_nvenc")
        {
            Set("preset", "p1");
            Set("tune", "ull");
            Set("zerolatency", "1");
            Set("delay", "0");
            Set("forced-idr", "1");
            if (s.BitrateKbps == 0)
            {
                Set("rc", "vbr");
                Set("cq", inv(s.Crf));
            }
        }
        else
        {
            Set("threads", inv(s.Threads)); // 0 = auto
            Set("preset", "ultrafast");
            Set("tune", "zerolatency");
            Set("rc-lookahead", "0");
            Set("forced-idr", "1");
            if (s.BitrateKbps == 0)
            {
                Set("crf", inv(s.Crf));
            }
        }
        int r = FFmpeg.avcodec_open2(_context, codec, null);
        if (r < 0)
        {
            throw new CodecUnavailableException($"Opening the '{Name}' encoder at {s.Width}x{s.Height} failed: {FFmpeg.ErrorText(r)}.", FFmpeg.AvCodecPackage);
        }
        _frame = FFmpeg.av_frame_alloc();
        Int(_frame, FrameFormat) = FFmpeg.AV_PIX_FMT_YUV420P;
        Int(_frame, FrameWidth) = s.Width;
        Int(_frame, FrameHeight) = s.Height;
        r = FFmpeg.av_frame_get_buffer(_frame, 64);
        if (r < 0 || Int(_frame, FrameWidth) != s.Width || Int(_frame, FrameHeight) != s.Height || Linesize(_frame, 0) < s.Width)
        {
            throw new CodecUnavailableException($"Allocating a {s.Width}x{s.Height} YUV frame failed ({FFmpeg.ErrorText(r)}).", FFmpeg.AvCodecPackage);
        }
        _packet = FFmpeg.av_packet_alloc();
        if (s.Conversion != ColorConversion.Simd)
        {
            int flags = s.Conversion == ColorConversion.SwsBilinear ? FFmpeg.SWS_BILINEAR : FFmpeg.SWS_FAST_BILINEAR;
            _sws = FFmpeg.sws_getContext(s.Width, s.Height, FFmpeg.AV_PIX_FMT_RGBA, s.Width, s.Height, FFmpeg.AV_PIX_FMT_YUV420P, flags, null, null, null);
            if (_sws == null)
            {
                throw new CodecUnavailableException("sws_getContext failed.", FFmpeg.SwScalePackage);
            }
        }
    }

    private void Set(string name, string value)
    {
        int r = FFmpeg.SetOption(_context, name, value);
        if (r < 0)
        {
            throw new CodecUnavailableException($"The '{Name}' encoder refused option {name}={value}: {FFmpeg.ErrorText(r)}.", FFmpeg.AvCodecPackage);
        }
    }

    /// <summary>Converts RGBA into the encoder's YUV frame (public for the benchmark's split timing).</summary>
    public void ConvertToYuv(ReadOnlySpan<byte> rgba, int rowPitch)
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        FrameGeometry.Check(rgba, rowPitch, Width, Height);
        int r = FFmpeg.av_frame_make_writable(_frame);
        if (r < 0)
        {
            throw new InvalidOperationException($"av_frame_make_writable: {FFmpeg.ErrorText(r)}");
        }
        fixed (byte* src = rgba)
        {
            if (_sws == null)
            {
                RgbaToYuv420.Convert(src, rowPitch, Width, Height,
                    Plane(_frame, 0), Linesize(_frame, 0), Plane(_frame, 1), Linesize(_frame, 1), Plane(_frame, 2), Linesize(_frame, 2));
            }
            else
            {
                byte* srcPlane = src;
                int srcStride = rowPitch;
                FFmpeg.sws_scale(_sws, &srcPlane, &srcStride, 0, Height, (byte**)((byte*)_frame + FrameData), (int*)((byte*)_frame + FrameLinesize));
            }
        }
    }

    public EncodeResult Encode(ReadOnlySpan<byte> rgba, int rowPitch, bool forceKeyframe, IBufferWriter<byte> output)
    {
        long start = Stopwatch.GetTimestamp();
        ConvertToYuv(rgba, rowPitch);
        Int(_frame, FramePictType) = forceKeyframe ? FFmpeg.AV_PICTURE_TYPE_I : FFmpeg.AV_PICTURE_TYPE_NONE;
        Long(_frame, FramePts) = _pts++;
        int r = FFmpeg.avcodec_send_frame(_context, _frame);
        if (r < 0)
        {
            throw new InvalidOperationException($"avcodec_send_frame ({Name}): {FFmpeg.ErrorText(r)}");
        }
        int bytes = 0;
        bool key = false;
        while ((r = FFmpeg.avcodec_receive_packet(_context, _packet)) == 0)
        {
            int size = Int(_packet, PacketSize);
            new ReadOnlySpan<byte>((void*)Ptr(_packet, PacketData), size).CopyTo(output.GetSpan(size));
            output.Advance(size);
            bytes += size;
            key |= (Int(_packet, PacketFlags) & FFmpeg.AV_PKT_FLAG_KEY) != 0;
            FFmpeg.av_packet_unref(_packet);
        }
        if (r != FFmpeg.AVERROR_EAGAIN && r != FFmpeg.AVERROR_EOF)
        {
            throw new InvalidOperationException($"avcodec_receive_packet ({Name}): {FFmpeg.ErrorText(r)}");
        }
        return new EncodeResult(bytes, key, Stopwatch.GetTimestamp() - start);
    }

    public void Dispose()
    {
        if (_context != null)
        {
            void* c = _context;
            FFmpeg.avcodec_free_context(&c);
            _context = null;
        }
        if (_frame != null)
        {
            void* f = _frame;
            FFmpeg.av_frame_free(&f);
            _frame = null;
        }
        if (_packet != null)
        {
            void* p = _packet;
            FFmpeg.av_packet_free(&p);
            _packet = null;
        }
        if (_sws != null)
        {
            FFmpeg.sws_freeContext(_sws);
            _sws = null;
        }
    }
}
