using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ArrHost.Rpc.Server.Metrics;

/// <summary>
/// Listens to the instruments of a set of meters and keeps, per instrument and tag set, a running sum, a last
/// value or a histogram; <see cref="Scrape"/> renders them as Prometheus text. Recording a measurement of a
/// series already seen allocates nothing, so instruments may be used in frame loops.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly HashSet<string> _meters;
    private readonly List<InstrumentState> _instruments = [];
    private readonly Lock _gate = new();

    /// <param name="meterNames">The meters to collect.</param>
    /// <param name="scope">
    /// The application's meter factory: meters it created for another application in the same process
    /// (tests host several) are left out; meters without a scope are collected.
    /// </param>
    public MetricsCollector(IEnumerable<string> meterNames, IMeterFactory? scope = null)
    {
        _meters = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meters.Contains(instrument.Meter.Name)) return;
            if (scope is not null && instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, scope)) return;
            var state = new InstrumentState(instrument);
            lock (_gate) _instruments.Add(state);
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_gate) _instruments.Remove((InstrumentState)state!);
        };
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, s) => ((InstrumentState)s!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>The current values in the Prometheus text exposition format.</summary>
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        InstrumentState[] instruments;
        lock (_gate) instruments = [.. _instruments];
        var text = new StringBuilder();
        foreach (var group in instruments.GroupBy(i => i.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            text.Append("# HELP ").Append(first.Name).Append(' ').Append(EscapeHelp(first.Description)).Append('\n');
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
            foreach (var instrument in group) instrument.WriteTo(text);
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
