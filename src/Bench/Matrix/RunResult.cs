using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>One measured run of a scenario, end to end ("e2e") or in-process ("limit").</summary>
internal sealed class RunResult
{
    public string Kind { get; set; } = "";
    public double Seconds { get; set; }
    public Dictionary<string, LatencySummary> Stages { get; set; } = [];
    public double Fps { get; set; }
    /// <summary>Limit only: frames per second with a new pose always waiting (no pose-rate cap).</summary>
    public double? MaxFps { get; set; }
    /// <summary>Limit only: the foreign CPU share during the (short) <see cref="MaxFps"/> run.</summary>
    public double? MaxFpsForeignCpu { get; set; }
    public long PosesSent { get; set; }
    public long FramesReceived { get; set; }
    public long FramesDecoded { get; set; }
    /// <summary>Poses the host dropped because a newer one arrived before it rendered.</summary>
    public long PosesDroppedByHost { get; set; }
    /// <summary>Received frames the client skipped (a newer one was waiting) or discarded (buffer full, H.264 gap).</summary>
    public long FramesSkippedOrDiscarded { get; set; }
    public double MeanBytesPerFrame { get; set; }
    public double Mbps { get; set; }
    public long Keyframes { get; set; }
    public double ForeignCpu { get; set; }
    public double OwnCpu { get; set; }
    public string Encoder { get; set; } = "";
    public string Device { get; set; } = "";
    public string? Error { get; set; }
    /// <summary>Per-frame latency samples (ms, 2 decimals) for the CDF: pose->receive (e2e) or pose->encoded (limit).</summary>
    public List<double> Samples { get; set; } = [];
    /// <summary>e2e only: per-frame pose->decoded samples.</summary>
    public List<double>? DecodedSamples { get; set; }

    public LatencySummary Stage(string name) => Stages.GetValueOrDefault(name) ?? LatencySummary.Empty;
}
