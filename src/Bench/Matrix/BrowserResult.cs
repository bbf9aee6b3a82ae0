using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// One glass-to-glass run in headless Chromium: the page's own numbers (pose sent by the page → frame
/// painted by it, and its decode+paint time) beside the SDK's pose → receive in the relaying process.
/// </summary>
internal sealed class BrowserResult
{
    public string Name { get; set; } = "";
    public string Codec { get; set; } = "";
    public int Width { get; set; }
    public int Height { get; set; }
    public int Triangles { get; set; }
    public int PoseRate { get; set; }
    public string Browser { get; set; } = "";
    public double Seconds { get; set; }
    public int FramesPainted { get; set; }
    public double Fps { get; set; }
    public LatencySummary GlassToGlass { get; set; } = LatencySummary.Empty;
    public LatencySummary PageDecodeAndPaint { get; set; } = LatencySummary.Empty;
    public LatencySummary SdkPoseToReceive { get; set; } = LatencySummary.Empty;
    public double? ForeignCpu { get; set; }
    public string? Note { get; set; }
    public string? Error { get; set; }
}
