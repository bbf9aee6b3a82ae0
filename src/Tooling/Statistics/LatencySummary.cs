using System.Text.Json.Serialization;

namespace ArrHost.Tooling.Statistics;

/// <summary>Percentiles of one series of samples (milliseconds unless the name says otherwise).</summary>
public sealed record LatencySummary
{
    [JsonPropertyName("count")] public int Count { get; init; }
    [JsonPropertyName("p50")] public double P50 { get; init; }
    [JsonPropertyName("p90")] public double P90 { get; init; }
    [JsonPropertyName("p99")] public double P99 { get; init; }
    [JsonPropertyName("max")] public double Max { get; init; }
    [JsonPropertyName("mean")] public double Mean { get; init; }

    public static LatencySummary Empty { get; } = new();

    /// <summary>Nearest-rank percentiles (<see cref="Percentiles"/>), as the baseline reports them.</summary>
    public static LatencySummary Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return Empty;
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencySummary
        {
            Count = sorted.Length,
            P50 = Percentile(sorted, 0.50),
            P90 = Percentile(sorted, 0.90),
            P99 = Percentile(sorted, 0.99),
            Max = sorted[^1],
            Mean = sorted.Average(),
        };
    }

    /// <summary>The <see cref="Percentiles.NearestRank(ReadOnlySpan{double}, double)"/> percentile of an ascending array; 0 when empty.</summary>
    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : Percentiles.NearestRank(sorted, p);
}
