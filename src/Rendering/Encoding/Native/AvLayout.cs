namespace ArrHost.Rendering.Encoding.Native;

/// <summary>
/// Field offsets of AVFrame (libavutil 57) and AVPacket (libavcodec 59) as built in Debian 12's
/// FFmpeg 5.1.9, verified with offsetof() in a C program compiled against libavcodec-dev /
/// libavutil-dev 7:5.1.9-0+deb12u1 (sizeof(AVFrame) = 472). <see cref="SelfCheck"/> re-verifies
/// them at run time against the defaults that av_frame_alloc/av_packet_alloc write.
/// </summary>
internal static unsafe class AvLayout
{
    // AVFrame
    public const int FrameData = 0;        // uint8_t *data[8]
    public const int FrameLinesize = 64;   // int linesize[8]
    public const int FrameWidth = 104;     // int width
    public const int FrameHeight = 108;    // int height
    public const int FrameFormat = 116;    // int format
    public const int FrameKeyFrame = 120;  // int key_frame
    public const int FramePictType = 124;  // enum AVPictureType pict_type
    public const int FrameSampleAspect = 128; // AVRational sample_aspect_ratio
    public const int FramePts = 136;       // int64_t pts

    // AVPacket
    public const int PacketPts = 8;        // int64_t pts
    public const int PacketDts = 16;       // int64_t dts
    public const int PacketData = 24;      // uint8_t *data
    public const int PacketSize = 32;      // int size
    public const int PacketFlags = 40;     // int flags

    public static ref int Int(void* obj, int offset) => ref *(int*)((byte*)obj + offset);
    public static ref long Long(void* obj, int offset) => ref *(long*)((byte*)obj + offset);
    public static ref nint Ptr(void* obj, int offset) => ref *(nint*)((byte*)obj + offset);
    public static byte* Plane(void* frame, int i) => (byte*)Ptr(frame, FrameData + i * 8);
    public static int Linesize(void* frame, int i) => Int(frame, FrameLinesize + i * 4);

    /// <summary>
    /// Checks the loaded libraries' major versions and the layout against the defaults of freshly
    /// allocated objects; throws <see cref="CodecUnavailableException"/> on any mismatch.
    /// </summary>
    public static void SelfCheck()
    {
        uint codecMajor = FFmpeg.avcodec_version() >> 16, utilMajor = FFmpeg.avutil_version() >> 16;
        if (codecMajor != 59 || utilMajor != 57)
        {
            throw new CodecUnavailableException($"libavcodec {codecMajor} / libavutil {utilMajor} loaded; the encoder is built for FFmpeg 5.1 (libavcodec 59, libavutil 57).", FFmpeg.AvCodecPackage);
        }
        void* frame = FFmpeg.av_frame_alloc();
        void* packet = FFmpeg.av_packet_alloc();
        try
        {
            // get_frame_defaults: format = -1, key_frame = 1, sample_aspect_ratio = {0, 1}, pts = AV_NOPTS_VALUE.
            bool frameOk = Int(frame, FrameFormat) == -1 && Int(frame, FrameKeyFrame) == 1
                && Int(frame, FrameSampleAspect) == 0 && Int(frame, FrameSampleAspect + 4) == 1
                && Long(frame, FramePts) == FFmpeg.AV_NOPTS_VALUE && Ptr(frame, FrameData) == 0;
            // get_packet_defaults: pts = dts = AV_NOPTS_VALUE, data = NULL, size = 0.
            bool packetOk = Long(packet, PacketPts) == FFmpeg.AV_NOPTS_VALUE && Long(packet, PacketDts) == FFmpeg.AV_NOPTS_VALUE
                && Ptr(packet, PacketData) == 0 && Int(packet, PacketSize) == 0;
            if (frameOk)
            {
                Int(frame, FrameFormat) = FFmpeg.AV_PIX_FMT_YUV420P;
                Int(frame, FrameWidth) = 34;
                Int(frame, FrameHeight) = 18;
                frameOk = FFmpeg.av_frame_get_buffer(frame, 64) == 0 && Linesize(frame, 0) >= 34 && Linesize(frame, 1) >= 17
                    && Plane(frame, 0) != null && Plane(frame, 1) != null && Plane(frame, 2) != null && Plane(frame, 3) == null;
            }
            if (!frameOk || !packetOk)
            {
                throw new CodecUnavailableException("The loaded FFmpeg libraries do not match the AVFrame/AVPacket layout of Debian 12's FFmpeg 5.1.", FFmpeg.AvCodecPackage);
            }
        }
        finally
        {
            FFmpeg.av_frame_free(&frame);
            FFmpeg.av_packet_free(&packet);
        }
    }
}
