namespace ArrHost.Rendering.Encoding;

/// <summary>How RGBA becomes YUV 4:2:0 before H.264 encoding.</summary>
internal enum ColorConversion
{
    /// <summary>The project's SSSE3 converter (<see cref="RgbaToYuv420"/>); the default.</summary>
    Simd,
    /// <summary>libswscale with SWS_BILINEAR (what the C baseline uses).</summary>
    SwsBilinear,
    /// <summary>libswscale with SWS_FAST_BILINEAR.</summary>
    SwsFastBilinear,
}

/// <summary>H.264 encoder settings after defaults were applied.</summary>
/// <param name="BitrateKbps">Target bitrate; 0 means constant quality <paramref name="Crf"/>.</param>
internal sealed record H264Settings(int Width, int Height, int FrameRate = 60, int BitrateKbps = 0, int Crf = 23, int GopLength = 60,
    ColorConversion Conversion = ColorConversion.Simd, int Threads = 0);
