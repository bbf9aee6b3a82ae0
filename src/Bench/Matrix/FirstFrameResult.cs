using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// A model's disk-to-first-frame runs and their medians, against the render node's loading goal
/// (FlightHelmet under 1 s); or why the measurement was skipped.
/// </summary>
internal sealed record FirstFrameResult
{
    public const double GoalMs = 1000;

    public string Model { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
    public long Triangles { get; init; }
    public IReadOnlyList<FirstFrameSample> Runs { get; init; } = [];

    /// <summary>Why nothing was measured (no runs): the samples folder is missing, the option said so, or the load failed.</summary>
    public string? SkippedBecause { get; init; }

    /// <summary>Whether the model was there but could not be measured (a load or upload error): a failure, not a skip.</summary>
    public bool Failed { get; init; }

    public double LoadMs => Median(r => r.LoadMs);
    public double UploadMs => Median(r => r.UploadMs);
    public double FirstFrameMs => Median(r => r.FirstFrameMs);

    /// <summary>The median of the runs' totals (not the sum of the parts' medians).</summary>
    public double TotalMs => Median(r => r.TotalMs);

    public double MinTotalMs => Runs.Count == 0 ? 0 : Runs.Min(r => r.TotalMs);
    public double MaxTotalMs => Runs.Count == 0 ? 0 : Runs.Max(r => r.TotalMs);

    /// <summary>Null when nothing was measured.</summary>
    public bool? MeetsGoal => Runs.Count == 0 ? null : TotalMs < GoalMs;

    public static FirstFrameResult Skipped(string model, string reason) => new() { Model = model, SkippedBecause = reason };

    public static FirstFrameResult Failure(string model, string reason) => new() { Model = model, SkippedBecause = reason, Failed = true };

    // Nearest-rank, as every percentile of the bench (LatencySummary).
    private double Median(Func<FirstFrameSample, double> part) => LatencySummary.Of(Runs.Select(part).ToArray()).P50;
}
