using System.Runtime.InteropServices;
using static ArrHost.Client.Decoding.Native.AvDecodeApi;

namespace ArrHost.Client.Decoding;

/// <summary>
/// Decodes CODEC_H264 frames (Annex-B access units) with libavcodec's h264 decoder in low-delay
/// mode (one picture out per access unit) and converts YUV to RGBA with libswscale.
/// </summary>
public sealed unsafe class H264Decoder : IFrameDecoder
{
    private void* _context;
    private void* _frame;
    private void* _packet;
    private void* _sws;
    private int _swsWidth, _swsHeight, _swsFormat = -1;
    private byte* _input;
    private int _inputCapacity;

    /// <summary>Opens the decoder.</summary>
    /// <exception cref="FrameDecoderUnavailableException">libavcodec.so.59 (package libavcodec59) is missing or unusable.</exception>
    public H264Decoder()
    {
        try
        {
            SelfCheck();
            void* codec = FindDecoder("h264");
            if (codec == null)
            {
                throw new FrameDecoderUnavailableException("This libavcodec has no h264 decoder.", Package);
            }
            _context = avcodec_alloc_context3(codec);
            SetOption(_context, "threads", "1");
            SetOption(_context, "flags", "+low_delay");
            int r = avcodec_open2(_context, codec, null);
            if (r < 0)
            {
                throw new FrameDecoderUnavailableException($"Opening the h264 decoder failed: {ErrorText(r)}.", Package);
            }
            _frame = av_frame_alloc();
            _packet = av_packet_alloc();
        }
        catch (DllNotFoundException e)
        {
            Dispose();
            throw new FrameDecoderUnavailableException($"H.264 decoding needs {AvCodecLibrary}, {AvUtilLibrary} and {SwScaleLibrary}: {e.Message}", Package, e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public FrameCodec Codec => FrameCodec.H264;

    /// <inheritdoc />
    public bool Decode(ReadOnlySpan<byte> data, int width, int height, Span<byte> destination, int destinationRowPitch, out DecodedFrameInfo info)
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        FrameDecoders.CheckDestination(width, height, destination.Length, destinationRowPitch);
        EnsureInput(data.Length);
        data.CopyTo(new Span<byte>(_input, data.Length));
        new Span<byte>(_input + data.Length, AV_INPUT_BUFFER_PADDING_SIZE).Clear();
        Ptr(_packet, PacketData) = (nint)_input;
        Int(_packet, PacketSize) = data.Length;
        int r = avcodec_send_packet(_context, _packet);
        Ptr(_packet, PacketData) = 0;
        Int(_packet, PacketSize) = 0;
        if (r < 0 && r != AVERROR_EAGAIN)
        {
            throw new InvalidDataException($"avcodec_send_packet: {ErrorText(r)}");
        }
        info = default;
        bool produced = false;
        while ((r = avcodec_receive_frame(_context, _frame)) == 0)
        {
            try
            {
                int w = Int(_frame, FrameWidth), h = Int(_frame, FrameHeight), format = Int(_frame, FrameFormat);
                if (w != width || h != height)
                {
                    throw new InvalidDataException($"The H.264 picture is {w}x{h}, the frame says {width}x{height}.");
                }
                Convert(w, h, format, destination, destinationRowPitch);
                info = new DecodedFrameInfo(w, h, Int(_frame, FrameKeyFrame) != 0);
                produced = true;
            }
            finally
            {
                av_frame_unref(_frame);
            }
        }
        if (r != AVERROR_EAGAIN && r != AVERROR_EOF)
        {
            throw new InvalidDataException($"avcodec_receive_frame: {ErrorText(r)}");
        }
        return produced;
    }

    private void Convert(int w, int h, int format, Span<byte> destination, int pitch)
    {
        if (_sws == null || w != _swsWidth || h != _swsHeight || format != _swsFormat)
        {
            if (_sws != null)
            {
                sws_freeContext(_sws);
            }
            _sws = sws_getContext(w, h, format, w, h, AV_PIX_FMT_RGBA, SWS_BILINEAR, null, null, null);
            if (_sws == null)
            {
                throw new InvalidDataException($"No YUV->RGBA conversion from pixel format {format}.");
            }
            (_swsWidth, _swsHeight, _swsFormat) = (w, h, format);
        }
        fixed (byte* dst = destination)
        {
            byte* dstPlane = dst;
            int dstStride = pitch;
            sws_scale(_sws, (byte**)((byte*)_frame + FrameData), (int*)((byte*)_frame + FrameLinesize), 0, h, &dstPlane, &dstStride);
        }
    }

    private void EnsureInput(int length)
    {
        if (length + AV_INPUT_BUFFER_PADDING_SIZE <= _inputCapacity)
        {
            return;
        }
        NativeMemory.AlignedFree(_input);
        _inputCapacity = Math.Max(length + AV_INPUT_BUFFER_PADDING_SIZE, _inputCapacity * 2);
        _input = (byte*)NativeMemory.AlignedAlloc((nuint)_inputCapacity, 64);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_context != null)
        {
            void* c = _context;
            avcodec_free_context(&c);
            _context = null;
        }
        if (_frame != null)
        {
            void* f = _frame;
            av_frame_free(&f);
            _frame = null;
        }
        if (_packet != null)
        {
            void* p = _packet;
            av_packet_free(&p);
            _packet = null;
        }
        if (_sws != null)
        {
            sws_freeContext(_sws);
            _sws = null;
        }
        if (_input != null)
        {
            NativeMemory.AlignedFree(_input);
            _input = null;
            _inputCapacity = 0;
        }
    }
}
