using System.Runtime.InteropServices;

namespace ArrHost.Client.Decoding.Native;

/// <summary>
/// The part of Debian 12's FFmpeg 5.1 (libavcodec.so.59, libavutil.so.57, libswscale.so.6) the
/// decoders use. AVFrame/AVPacket offsets were verified with offsetof() against libavcodec-dev
/// 7:5.1.9 and are re-checked at run time by <see cref="SelfCheck"/>.
/// </summary>
internal static unsafe class AvDecodeApi
{
    public const string AvCodecLibrary = "libavcodec.so.59";
    public const string AvUtilLibrary = "libavutil.so.57";
    public const string SwScaleLibrary = "libswscale.so.6";
    public const string Package = "libavcodec59";

    public const int AV_PIX_FMT_RGBA = 26;
    public const int AV_PICTURE_TYPE_I = 1;
    public const int AVERROR_EAGAIN = -11;
    public const int AVERROR_EOF = -541478725;
    public const int AV_INPUT_BUFFER_PADDING_SIZE = 64;
    public const int SWS_BILINEAR = 2;
    public const long AV_NOPTS_VALUE = long.MinValue;

    // AVFrame (libavutil 57)
    public const int FrameData = 0, FrameLinesize = 64, FrameWidth = 104, FrameHeight = 108, FrameFormat = 116, FrameKeyFrame = 120, FramePts = 136;
    // AVPacket (libavcodec 59)
    public const int PacketPts = 8, PacketDts = 16, PacketData = 24, PacketSize = 32;

    [DllImport(AvCodecLibrary)] public static extern uint avcodec_version();
    [DllImport(AvUtilLibrary)] public static extern uint avutil_version();
    [DllImport(AvCodecLibrary)] public static extern void* avcodec_find_decoder_by_name(byte* name);
    [DllImport(AvCodecLibrary)] public static extern void* avcodec_alloc_context3(void* codec);
    [DllImport(AvCodecLibrary)] public static extern void avcodec_free_context(void** ctx);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_open2(void* ctx, void* codec, void** options);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_send_packet(void* ctx, void* packet);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_receive_frame(void* ctx, void* frame);
    [DllImport(AvCodecLibrary)] public static extern void* av_packet_alloc();
    [DllImport(AvCodecLibrary)] public static extern void av_packet_free(void** packet);
    [DllImport(AvUtilLibrary)] public static extern int av_opt_set(void* obj, byte* name, byte* value, int searchFlags);
    [DllImport(AvUtilLibrary)] public static extern void* av_frame_alloc();
    [DllImport(AvUtilLibrary)] public static extern void av_frame_free(void** frame);
    [DllImport(AvUtilLibrary)] public static extern void av_frame_unref(void* frame);
    [DllImport(AvUtilLibrary)] public static extern int av_strerror(int error, byte* buffer, nuint size);
    [DllImport(SwScaleLibrary)] public static extern void* sws_getContext(int srcW, int srcH, int srcFormat, int dstW, int dstH, int dstFormat, int flags, void* srcFilter, void* dstFilter, double* param);
    [DllImport(SwScaleLibrary)] public static extern int sws_scale(void* ctx, byte** srcSlice, int* srcStride, int srcSliceY, int srcSliceH, byte** dst, int* dstStride);
    [DllImport(SwScaleLibrary)] public static extern void sws_freeContext(void* ctx);

    public static ref int Int(void* obj, int offset) => ref *(int*)((byte*)obj + offset);
    public static ref long Long(void* obj, int offset) => ref *(long*)((byte*)obj + offset);
    public static ref nint Ptr(void* obj, int offset) => ref *(nint*)((byte*)obj + offset);

    public static int SetOption(void* obj, string name, string value)
    {
        byte[] n = Utf8z(name), v = Utf8z(value);
        fixed (byte* pn = n)
        fixed (byte* pv = v)
        {
            return av_opt_set(obj, pn, pv, 1 /* AV_OPT_SEARCH_CHILDREN */);
        }
    }

    public static void* FindDecoder(string name)
    {
        byte[] n = Utf8z(name);
        fixed (byte* pn = n)
        {
            return avcodec_find_decoder_by_name(pn);
        }
    }

    public static string ErrorText(int error)
    {
        byte* buffer = stackalloc byte[256];
        return av_strerror(error, buffer, 256) < 0 ? $"FFmpeg error {error}" : $"{Marshal.PtrToStringUTF8((nint)buffer)} ({error})";
    }

    /// <summary>Checks major versions and the struct layout against freshly allocated defaults.</summary>
    public static void SelfCheck()
    {
        if (avcodec_version() >> 16 != 59 || avutil_version() >> 16 != 57)
        {
            throw new FrameDecoderUnavailableException($"libavcodec {avcodec_version() >> 16} / libavutil {avutil_version() >> 16} loaded; the decoder is built for FFmpeg 5.1 (libavcodec 59, libavutil 57).", Package);
        }
        void* frame = av_frame_alloc();
        void* packet = av_packet_alloc();
        bool ok = Int(frame, FrameFormat) == -1 && Int(frame, FrameKeyFrame) == 1 && Long(frame, FramePts) == AV_NOPTS_VALUE
            && Long(packet, PacketPts) == AV_NOPTS_VALUE && Long(packet, PacketDts) == AV_NOPTS_VALUE && Ptr(packet, PacketData) == 0 && Int(packet, PacketSize) == 0;
        av_frame_free(&frame);
        av_packet_free(&packet);
        if (!ok)
        {
            throw new FrameDecoderUnavailableException("The loaded FFmpeg libraries do not match the AVFrame/AVPacket layout of Debian 12's FFmpeg 5.1.", Package);
        }
    }

    private static byte[] Utf8z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
