namespace ArrHost.Client;

/// <summary>How the render host encodes frames.</summary>
public enum FrameCodec
{
    /// <summary>Uncompressed RGBA8 (sRGB), rows tightly packed, top row first. For tests.</summary>
    Raw = 1,

    /// <summary>One JPEG per frame: the lowest per-frame latency; every frame is a keyframe.</summary>
    Jpeg = 2,

    /// <summary>H.264 Annex-B access units: the least bandwidth.</summary>
    H264 = 3,
}
