using ArrHost.Client;

namespace ArrHost.Tooling.Viewer;

/// <summary>How <c>arr view</c> connects to its session and serves the page.</summary>
public sealed record ViewerOptions
{
    /// <summary>The codec asked for; H.264 falls back to JPEG for a page that cannot decode it.</summary>
    public FrameCodec Codec { get; init; } = FrameCodec.H264;

    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    /// <summary>The most poses per second the page sends (and frames per second asked of the host).</summary>
    public int PoseRate { get; init; } = 60;

    /// <summary>The model loaded when the first page arrives; null for none.</summary>
    public string? InitialModel { get; init; }

    /// <summary>The loopback port to serve the page on (0: one the OS picks).</summary>
    public int Port { get; init; } = 8080;

    public int JpegQuality { get; init; } = 85;
}
