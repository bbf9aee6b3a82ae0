using System.Diagnostics.Metrics;

namespace ArrHost.ControlPlane.Diagnostics;

/// <summary>Counters and histograms of the control plane (meter "ArrHost.ControlPlane").</summary>
internal sealed class ControlPlaneMetrics : IDisposable
{
    public const string MeterName = "ArrHost.ControlPlane";
    private readonly Meter _meter;

    public ControlPlaneMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        SessionsCreated = _meter.CreateCounter<long>("arr.sessions.created", description: "Sessions created");
        SessionsEnded = _meter.CreateCounter<long>("arr.sessions.ended", description: "Sessions ended, by status");
        CapacityErrors = _meter.CreateCounter<long>("arr.sessions.capacity_errors", description: "Creates that found no free host");
        StartDuration = _meter.CreateHistogram<double>("arr.sessions.start_duration", "ms", "Create to Ready");
        HostsLost = _meter.CreateCounter<long>("arr.hosts.lost", description: "Hosts that went silent");
        RateLimited = _meter.CreateCounter<long>("arr.requests.rate_limited", description: "Requests refused by the rate limiter");
    }

    public Counter<long> SessionsCreated { get; }
    public Counter<long> SessionsEnded { get; }
    public Counter<long> CapacityErrors { get; }
    public Histogram<double> StartDuration { get; }
    public Counter<long> HostsLost { get; }
    public Counter<long> RateLimited { get; }

    public void Dispose() => _meter.Dispose();
}
