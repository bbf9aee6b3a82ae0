using System.Diagnostics.Metrics;
using System.Text;

namespace ArrHost.Rpc.Server.Metrics;

/// <summary>What one instrument has recorded, per tag set, and how it is named and typed in Prometheus.</summary>
internal sealed class InstrumentState
{
    private static readonly double[] s_millisecondBuckets = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly double[] s_secondBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] s_plainBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000];

    private readonly Lock _gate = new();
    private readonly List<Series> _series = [];
    private readonly Kind _kind;
    private readonly double[] _buckets = [];

    public InstrumentState(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        _kind = generic == typeof(Counter<>) ? Kind.Counter
            : generic == typeof(ObservableCounter<>) ? Kind.ObservedCounter
            : generic == typeof(UpDownCounter<>) ? Kind.UpDownCounter
            : generic == typeof(Histogram<>) ? Kind.Histogram
            : Kind.Gauge; // observable gauges and up-down counters, and gauges: the last value
        Name = PrometheusName(instrument.Name, instrument.Unit, _kind is Kind.Counter or Kind.ObservedCounter);
        Description = instrument.Description ?? "";
        Type = _kind switch
        {
            Kind.Counter or Kind.ObservedCounter => "counter",
            Kind.Histogram => "histogram",
            _ => "gauge",
        };
        if (_kind == Kind.Histogram)
        {
            _buckets = AdvisedBuckets(instrument) ?? instrument.Unit switch
            {
                "ms" => s_millisecondBuckets,
                "s" => s_secondBuckets,
                _ => s_plainBuckets,
            };
        }
    }

    private enum Kind
    {
        Counter,
        ObservedCounter,
        UpDownCounter,
        Histogram,
        Gauge,
    }

    public string Name { get; }
    public string Description { get; }
    public string Type { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var series = Find(tags);
            switch (_kind)
            {
                case Kind.Counter or Kind.UpDownCounter:
                    series.Sum += value;
                    break;
                case Kind.Histogram:
                    series.Sum += value;
                    series.Count++;
                    var bucket = 0;
                    while (bucket < _buckets.Length && value > _buckets[bucket]) bucket++;
                    series.BucketCounts[bucket]++;
                    break;
                default:
                    // Observable counters report their running total; gauges their current value.
                    series.Sum = value;
                    break;
            }
        }
    }

    public void WriteTo(StringBuilder text)
    {
        lock (_gate)
        {
            foreach (var series in _series)
            {
                if (_kind != Kind.Histogram)
                {
                    text.Append(Name);
                    AppendLabels(text, series.Tags, null);
                    text.Append(' ').Append(MetricsCollector.Format(series.Sum)).Append('\n');
                    continue;
                }

                long cumulative = 0;
                for (var b = 0; b <= _buckets.Length; b++)
                {
                    cumulative += series.BucketCounts[b];
                    text.Append(Name).Append("_bucket");
                    AppendLabels(text, series.Tags, b < _buckets.Length ? MetricsCollector.Format(_buckets[b]) : "+Inf");
                    text.Append(' ').Append(cumulative).Append('\n');
                }

                text.Append(Name).Append("_sum");
                AppendLabels(text, series.Tags, null);
                text.Append(' ').Append(MetricsCollector.Format(series.Sum)).Append('\n');
                text.Append(Name).Append("_count");
                AppendLabels(text, series.Tags, null);
                text.Append(' ').Append(series.Count).Append('\n');
            }
        }
    }

    /// <summary>The series of these tags; a new one (the only allocation) the first time they are seen.</summary>
    private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags)) return series;
        }

        var stored = tags.ToArray();
        Array.Sort(stored, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var created = new Series(stored, _kind == Kind.Histogram ? new long[_buckets.Length + 1] : []);
        _series.Add(created);
        return created;
    }

    private static void AppendLabels(StringBuilder text, KeyValuePair<string, object?>[] tags, string? le)
    {
        if (tags.Length == 0 && le is null) return;
        text.Append('{');
        var first = true;
        foreach (var (key, value) in tags)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append(SanitizeLabel(key)).Append("=\"").Append(EscapeLabel(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        if (le is not null)
        {
            if (!first) text.Append(',');
            text.Append("le=\"").Append(le).Append('"');
        }

        text.Append('}');
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Prometheus naming: [a-zA-Z_:][a-zA-Z0-9_:]*, the unit spelled out as a suffix, counters ending in _total.</summary>
    internal static string PrometheusName(string name, string? unit, bool counter)
    {
        var result = Sanitize(name);
        var suffix = unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !result.EndsWith(suffix, StringComparison.Ordinal)) result += suffix;
        if (counter && !result.EndsWith("_total", StringComparison.Ordinal)) result += "_total";
        return result;
    }

    /// <summary>Label names: [a-zA-Z_][a-zA-Z0-9_]* (no colons, unlike metric names).</summary>
    private static string SanitizeLabel(string name) => Sanitize(name).Replace(':', '_');

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':')) chars[i] = '_';
        }

        return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };

    private sealed class Series(KeyValuePair<string, object?>[] tags, long[] bucketCounts)
    {
        public KeyValuePair<string, object?>[] Tags { get; } = tags;
        public long[] BucketCounts { get; } = bucketCounts;
        public double Sum { get; set; }
        public long Count { get; set; }

        /// <summary>The same tags in any order (stored sorted by key); no allocation.</summary>
        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Tags.Length) return false;
            foreach (var tag in tags)
            {
                var found = false;
                foreach (var mine in Tags)
                {
                    if (string.Equals(tag.Key, mine.Key, StringComparison.Ordinal))
                    {
                        found = Equals(tag.Value, mine.Value);
                        break;
                    }
                }

                if (!found) return false;
            }

            return true;
        }
    }
}
