namespace ArrHost.Bench.Matrix;

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
