namespace ArrHost.Tooling.Statistics;

/// <summary>
/// Collects durations (in milliseconds) and answers percentiles over all of them (nearest rank,
/// <see cref="Percentiles"/>). Values are kept; sorting happens on demand and is cached until the
/// next <see cref="Add(double)"/>.
/// </summary>
public sealed class LatencyStats
{
    private readonly List<double> _values;
    private bool _sorted = true;
    private double _sum;

    public LatencyStats(int capacity = 1024) => _values = new List<double>(capacity);

    public int Count => _values.Count;

    public double Mean => _values.Count == 0 ? double.NaN : _sum / _values.Count;

    public double Min => Count == 0 ? double.NaN : Sorted()[0];

    public double Max => Count == 0 ? double.NaN : Sorted()[^1];

    /// <summary>Adds a value in milliseconds; non-finite values are ignored.</summary>
    public void Add(double milliseconds)
    {
        if (!double.IsFinite(milliseconds)) return;
        if (_values.Count > 0 && milliseconds < _values[^1]) _sorted = false;
        _values.Add(milliseconds);
        _sum += milliseconds;
    }

    public void Add(TimeSpan duration) => Add(duration.TotalMilliseconds);

    /// <summary>The <paramref name="p"/>-th percentile (0..100); NaN when empty.</summary>
    public double Percentile(double p)
    {
        if (!(p >= 0 && p <= 100)) throw new ArgumentOutOfRangeException(nameof(p), p, "a percentile is 0..100.");
        return Percentiles.NearestRank(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Sorted()), p / 100.0);
    }

    public void Clear()
    {
        _values.Clear();
        _sum = 0;
        _sorted = true;
    }

    private List<double> Sorted()
    {
        if (!_sorted)
        {
            _values.Sort();
            _sorted = true;
        }

        return _values;
    }
}
