using System.Diagnostics;

namespace ArrHost.Client.Internal.Frames;

/// <summary>The client's monotonic clock in microseconds (Stopwatch ticks), shared by poses and statistics.</summary>
internal static class PoseClock
{
    private static readonly double s_ticksToUs = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>Now, in microseconds since an arbitrary fixed origin.</summary>
    public static long NowUs => ToUs(Stopwatch.GetTimestamp());

    public static long ToUs(long stopwatchTimestamp) => (long)(stopwatchTimestamp * s_ticksToUs);

    public static TimeSpan Duration(long fromUs, long toUs) => TimeSpan.FromTicks(Math.Max(0, toUs - fromUs) * 10);
}
