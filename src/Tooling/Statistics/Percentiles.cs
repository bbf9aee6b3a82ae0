namespace ArrHost.Tooling.Statistics;

/// <summary>
/// The one percentile definition of every report (arr connect, arr demo, every `arr bench` area): nearest
/// rank, the sample at rank ceil(q·n) of the ascending samples, as ../shared/baseline reports its p99. It is
/// always a measured value, never an interpolation between two.
/// </summary>
public static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> (0..1) percentile of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a percentile fraction is 0..1.");
        if (sorted.IsEmpty) return double.NaN;
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// Sorts a copy of <paramref name="samples"/> and returns the <paramref name="fraction"/> percentile. (A separate
    /// name: an array would otherwise bind to the span overload, which takes its samples as already sorted.)
    /// </summary>
    public static double NearestRankUnsorted(IEnumerable<double> samples, double fraction)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return NearestRank(sorted, fraction);
    }
}
