using System.Runtime.InteropServices;

namespace ArrHost.Rendering.Encoding.Native;

/// <summary>
/// P/Invoke into Debian 12's FFmpeg 5.1 (libavcodec.so.59, libavutil.so.57, libswscale.so.6).
/// Only the versioned sonames are loaded: the struct offsets in <see cref="AvLayout"/> belong to them.
/// </summary>
internal static unsafe class FFmpeg
{
    public const string AvCodecLibrary = "libavcodec.so.59";
    public const string AvUtilLibrary = "libavutil.so.57";
    public const string SwScaleLibrary = "libswscale.so.6";

    /// <summary>The Debian package that provides <see cref="AvCodecLibrary"/> (with libx264).</summary>
    public const string AvCodecPackage = "libavcodec59";

    /// <summary>The Debian packages of <see cref="AvUtilLibrary"/> and <see cref="SwScaleLibrary"/>.</summary>
    public const string AvUtilPackage = "libavutil57";
    public const string SwScalePackage = "libswscale6";

    public const int AV_OPT_SEARCH_CHILDREN = 1;
    public const int AV_PIX_FMT_YUV420P = 0;
    public const int AV_PIX_FMT_RGBA = 26;
    public const int AV_PICTURE_TYPE_NONE = 0;
    public const int AV_PICTURE_TYPE_I = 1;
    public const int AV_PKT_FLAG_KEY = 1;
    public const int AVERROR_EAGAIN = -11;
    public const int AVERROR_EOF = -541478725;
    public const long AV_NOPTS_VALUE = long.MinValue;
    public const int AV_LOG_WARNING = 24;
    public const int SWS_FAST_BILINEAR = 1;
    public const int SWS_BILINEAR = 2;
    public const int SWS_POINT = 0x10;

    [DllImport(AvCodecLibrary)] public static extern uint avcodec_version();
    [DllImport(AvUtilLibrary)] public static extern uint avutil_version();
    [DllImport(AvCodecLibrary)] public static extern void* avcodec_find_encoder_by_name(byte* name);
    [DllImport(AvCodecLibrary)] public static extern void* avcodec_alloc_context3(void* codec);
    [DllImport(AvCodecLibrary)] public static extern void avcodec_free_context(void** ctx);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_open2(void* ctx, void* codec, void** options);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_send_frame(void* ctx, void* frame);
    [DllImport(AvCodecLibrary)] public static extern int avcodec_receive_packet(void* ctx, void* packet);
    [DllImport(AvCodecLibrary)] public static extern void* av_packet_alloc();
    [DllImport(AvCodecLibrary)] public static extern void av_packet_free(void** packet);
    [DllImport(AvCodecLibrary)] public static extern void av_packet_unref(void* packet);
    [DllImport(AvUtilLibrary)] public static extern int av_opt_set(void* obj, byte* name, byte* value, int searchFlags);
    [DllImport(AvUtilLibrary)] public static extern void av_log_set_level(int level);
    [DllImport(AvUtilLibrary)] public static extern void* av_frame_alloc();
    [DllImport(AvUtilLibrary)] public static extern void av_frame_free(void** frame);
    [DllImport(AvUtilLibrary)] public static extern int av_frame_get_buffer(void* frame, int align);
    [DllImport(AvUtilLibrary)] public static extern int av_frame_make_writable(void* frame);
    [DllImport(AvUtilLibrary)] public static extern int av_strerror(int error, byte* buffer, nuint size);
    [DllImport(SwScaleLibrary)] public static extern void* sws_getContext(int srcW, int srcH, int srcFormat, int dstW, int dstH, int dstFormat, int flags, void* srcFilter, void* dstFilter, double* param);
    [DllImport(SwScaleLibrary)] public static extern int sws_scale(void* ctx, byte** srcSlice, int* srcStride, int srcSliceY, int srcSliceH, byte** dst, int* dstStride);
    [DllImport(SwScaleLibrary)] public static extern void sws_freeContext(void* ctx);

    /// <summary>Sets an AVOption on a context (and its private children); returns the FFmpeg error code.</summary>
    public static int SetOption(void* obj, string name, string value)
    {
        byte[] n = Utf8z(name), v = Utf8z(value);
        fixed (byte* pn = n)
        fixed (byte* pv = v)
        {
            return av_opt_set(obj, pn, pv, AV_OPT_SEARCH_CHILDREN);
        }
    }

    public static void* FindEncoder(string name)
    {
        byte[] n = Utf8z(name);
        fixed (byte* pn = n)
        {
            return avcodec_find_encoder_by_name(pn);
        }
    }

    public static string ErrorText(int error)
    {
        byte* buffer = stackalloc byte[256];
        if (av_strerror(error, buffer, 256) < 0)
        {
            return $"FFmpeg error {error}";
        }
        return $"{Marshal.PtrToStringUTF8((nint)buffer)} ({error})";
    }

    private static byte[] Utf8z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
