using Microsoft.Extensions.Hosting;

namespace ArrHost.Rpc.Server;

/// <summary>
/// Stops a host process when the process that started it is gone. `arr region` starts the control
/// plane and render hosts with <see cref="Variable"/> set to its own pid, so that killing it (or
/// its crash) never leaves a region running with nobody to stop it.
/// </summary>
public static class ParentWatch
{
    /// <summary>The environment variable that carries the parent's process id.</summary>
    public const string Variable = "ARR_PARENT_PID";

    /// <summary>Starts watching when <see cref="Variable"/> is set; calls StopApplication once the parent has exited.</summary>
    public static void Start(IHostApplicationLifetime lifetime)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), out var pid) || pid <= 0) return;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping).ConfigureAwait(false))
            {
                if (!Directory.Exists($"/proc/{pid}"))
                {
                    lifetime.StopApplication();
                    return;
                }
            }
        }, CancellationToken.None).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
