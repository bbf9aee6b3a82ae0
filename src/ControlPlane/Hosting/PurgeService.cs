using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Store;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>Deletes sessions that ended more than the retention period ago (30 days by default), hourly.</summary>
internal sealed class PurgeService(IControlPlaneStore store, TimeProvider clock, IOptions<ControlPlaneOptions> options, ILogger<PurgeService> logger)
    : BackgroundService
{
    public async Task<int> PurgeOnceAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var n = await store.PurgeEndedSessionsAsync(before, ct);
        if (n > 0) Log.Purged(logger, n, before);
        return n;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    await PurgeOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.BackgroundFailed(logger, "purge", ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
