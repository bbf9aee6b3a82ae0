using System.Diagnostics;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// Calls <c>tick</c> at a steady rate on a dedicated thread until cancelled: a high-resolution
/// loop on the Stopwatch (sleeps while more than ~1.5 ms are left, then yields), with deadlines
/// fixed in advance so that late ticks do not shift the schedule.
/// </summary>
internal sealed class PoseTimer
{
    private readonly Thread _thread;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PoseTimer(int rateHz, Action<long> tick, CancellationToken ct)
    {
        var period = Stopwatch.Frequency / (double)rateHz;
        _thread = new Thread(() =>
        {
            try
            {
                var start = Stopwatch.GetTimestamp();
                for (long k = 0; !ct.IsCancellationRequested; k++)
                {
                    var due = start + (long)(k * period);
                    while (true)
                    {
                        var left = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                        if (left <= 0) break;
                        if (left > 1.5) Thread.Sleep(1);
                        else Thread.Yield();
                    }

                    if (ct.IsCancellationRequested) break;
                    tick(k);
                }

                _done.TrySetResult();
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "bench pose timer", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public Task Completion => _done.Task;
}
