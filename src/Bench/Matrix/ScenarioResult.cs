using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>The stage names of <see cref="RunResult.Stages"/> (milliseconds).</summary>
internal static class Stages
{
    public const string PoseToReceive = "poseToReceive";
    public const string PoseToDecoded = "poseToDecoded";
    /// <summary>In-process: pose taken by the timer to the encoded frame handed out (what the host would send).</summary>
    public const string PoseToEncoded = "poseToEncoded";
    public const string Decode = "clientDecode";
    public const string HostWait = "hostWait";
    public const string HostRender = "hostRender";
    public const string HostReadback = "hostReadback";
    public const string HostEncode = "hostEncode";
    /// <summary>Writing a frame to the stream, from the next frame's previous-send field and matched to this frame's pose (<see cref="PreviousSendMatcher"/>).</summary>
    public const string HostSend = "hostSend";
    public const string HostTotal = "hostTotal";
    /// <summary>pose->receive minus the host's total: uplink, pose queueing before arrival, send, downlink and client receive.</summary>
    public const string NetworkAndClient = "networkAndClient";
}

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

/// <summary>A scenario with its end-to-end run, its in-process limit and the C baseline where the scene matches.</summary>
internal sealed class ScenarioResult
{
    public BenchScenario Scenario { get; set; } = null!;
    public string Name => Scenario.Name;
    public string Network { get; set; } = "none";
    public RunResult? E2e { get; set; }
    public RunResult? Limit { get; set; }
    public BaselineRow? Baseline { get; set; }
    /// <summary>Which round's runs <see cref="E2e"/> and <see cref="Limit"/> are (the one with the least foreign CPU).</summary>
    public int KeptRound { get; set; } = 1;
    /// <summary>Every round, for transparency: foreign CPU and the headline numbers.</summary>
    public List<RoundSummary> Rounds { get; set; } = [];

    /// <summary>e2e pose->receive p50 / limit pose->encoded p50.</summary>
    public double? P50Ratio => E2e is null || Limit is null || Limit.Stage(Stages.PoseToEncoded).P50 <= 0 ? null : E2e.Stage(Stages.PoseToReceive).P50 / Limit.Stage(Stages.PoseToEncoded).P50;

    /// <summary>e2e pose->receive p99 / p50.</summary>
    public double? TailRatio => E2e is null || E2e.Stage(Stages.PoseToReceive).P50 <= 0 ? null : E2e.Stage(Stages.PoseToReceive).P99 / E2e.Stage(Stages.PoseToReceive).P50;

    /// <summary>e2e fps / limit fps at the same pose rate.</summary>
    public double? FpsRatio => E2e is null || Limit is null || Limit.Fps <= 0 ? null : E2e.Fps / Limit.Fps;

    /// <summary>Whether the goals apply (720p, 10k or 100k, JPEG or H.264).</summary>
    public bool GoalApplies => Scenario.Height == 720 && Scenario.Triangles is 10_000 or 100_000 && Scenario.Codec is "jpeg" or "h264";

    public bool? MeetsGoals => !GoalApplies || P50Ratio is null || TailRatio is null || FpsRatio is null ? null : P50Ratio <= 1.25 && TailRatio <= 2 && FpsRatio >= 0.9;
}

/// <summary>One round of a scenario: foreign CPU of its e2e and limit runs and their headline numbers.</summary>
internal sealed record RoundSummary(int Round, double? E2eForeignCpu, double? LimitForeignCpu, double? E2eP50, double? LimitP50, double? E2eFps, double? LimitFps);
