using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>Session lifecycle numbers (ms): create->Ready, connect->first frame, stop->host idle again, and sessions/s.</summary>
internal sealed class SessionResult
{
    public LatencySummary CreateToReady { get; set; } = LatencySummary.Empty;
    public LatencySummary ConnectToFirstFrame { get; set; } = LatencySummary.Empty;
    public LatencySummary StopToHostIdle { get; set; } = LatencySummary.Empty;
    public double SessionsPerSecond { get; set; }
    public int Cycles { get; set; }
    /// <summary>Creates refused by the control plane's per-account rate limit during the sustained loop.</summary>
    public int RateLimitedCreates { get; set; }
    public int Hosts { get; set; }
    public double StartupDelaySeconds { get; set; }
    public double ForeignCpu { get; set; }
    public string? Error { get; set; }
}
