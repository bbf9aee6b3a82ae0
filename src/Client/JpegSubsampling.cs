namespace ArrHost.Client;

/// <summary>How much colour resolution a JPEG stream keeps (chroma subsampling).</summary>
public enum JpegSubsampling
{
    /// <summary>4:2:0, colour at half resolution both ways: the smallest frames (the default).</summary>
    Yuv420,

    /// <summary>4:2:2, colour at half horizontal resolution.</summary>
    Yuv422,

    /// <summary>4:4:4, full colour resolution: the sharpest coloured edges (text, CAD lines), the largest frames.</summary>
    Yuv444,
}
