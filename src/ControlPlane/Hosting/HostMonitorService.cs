using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Hosts;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>Checks heartbeats every interval; hosts silent past the timeout are marked Lost.</summary>
internal sealed class HostMonitorService(HostRegistry hosts, TimeProvider clock, IOptions<ControlPlaneOptions> options, ILogger<HostMonitorService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, options.Value.HeartbeatIntervalMs / 2)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await hosts.ScanAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.BackgroundFailed(logger, "host monitor", ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
