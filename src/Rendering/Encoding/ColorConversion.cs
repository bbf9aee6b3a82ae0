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
