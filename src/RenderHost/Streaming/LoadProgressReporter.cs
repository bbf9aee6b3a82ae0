using System.Diagnostics;
using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Streaming;

/// <summary>Turns loader progress into LoadProgress messages, at most one per 50 ms except the last.</summary>
internal sealed class LoadProgressReporter(ResponseWriter writer, ulong commandId, CancellationToken ct) : IProgress<(float Fraction, string Stage)>
{
    private long _last;
    private string _lastStage = "";

    public void Report((float Fraction, string Stage) value)
    {
        var now = Stopwatch.GetTimestamp();
        if (value.Fraction < 1f && value.Stage == _lastStage && Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds < 50) return;
        _last = now;
        _lastStage = value.Stage;
        var message = new ServerMessage { LoadProgress = new LoadProgress { CommandId = commandId, Fraction = Math.Clamp(value.Fraction, 0f, 1f), Stage = value.Stage } };
        // Progress is advisory: a slow client must not stall the load, so the write is not awaited.
        _ = writer.WriteAsync(message, ct).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
