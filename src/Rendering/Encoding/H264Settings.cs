namespace ArrHost.Rendering.Encoding;

/// <summary>H.264 encoder settings after defaults were applied.</summary>
/// <param name="BitrateKbps">Target bitrate; 0 means constant quality <paramref name="Crf"/>.</param>
internal sealed record H264Settings(int Width, int Height, int FrameRate = 60, int BitrateKbps = 0, int Crf = 23, int GopLength = 60,
    ColorConversion Conversion = ColorConversion.Simd, int Threads = 0);
