using System.Text.Json.Serialization;

namespace ArrHost.Cli.Bench;

/// <summary>Percentiles of one series of samples (milliseconds unless the name says otherwise).</summary>
internal sealed record LatencySummary
{
    [JsonPropertyName("count")] public int Count { get; init; }
    [JsonPropertyName("p50")] public double P50 { get; init; }
    [JsonPropertyName("p90")] public double P90 { get; init; }
    [JsonPropertyName("p99")] public double P99 { get; init; }
    [JsonPropertyName("max")] public double Max { get; init; }
    [JsonPropertyName("mean")] public double Mean { get; init; }

    public static LatencySummary Empty { get; } = new();

    /// <summary>Nearest-rank percentiles (the value at rank ceil(p*n)), as the baseline reports them.</summary>
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

    /// <summary>The nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
