using System.Globalization;

namespace ArrHost.Tooling.Statistics;

/// <summary>
/// The CPU time other processes used while a measurement ran, as a share of the whole machine,
/// like ../shared/baseline/quietrun.sh: /proc/stat busy time minus the CPU time of this process
/// and its descendants (the local region's control plane and render hosts count as ours).
/// </summary>
public sealed class CpuLoad
{
    private const double Hz = 100; // USER_HZ on Linux
    private readonly long _busy0, _total0;
    private readonly double _own0;

    private CpuLoad(long busy, long total, double own) => (_busy0, _total0, _own0) = (busy, total, own);

    /// <summary>Starts a measurement window.</summary>
    public static CpuLoad Start()
    {
        var (busy, total) = Machine();
        return new CpuLoad(busy, total, OwnJiffies());
    }

    /// <summary>(foreign share 0..1, own share 0..1) of all CPUs since <see cref="Start"/>; (-1, -1) where /proc is missing.</summary>
    public (double Foreign, double Own) Stop()
    {
        var (busy, total) = Machine();
        if (total <= _total0) return (-1, -1);
        var own = Math.Max(0, OwnJiffies() - _own0);
        var foreign = Math.Max(0, busy - _busy0 - own) / (total - _total0);
        return (Math.Min(1, foreign), Math.Min(1, own / (total - _total0)));
    }

    /// <summary>Waits until the machine is quiet (busy share below <paramref name="threshold"/> for one 1 s sample), at most <paramref name="maxWait"/>.</summary>
    public static async Task<double> WaitForQuietAsync(TimeSpan maxWait, double threshold, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + maxWait;
        var waited = 0.0;
        while (DateTime.UtcNow < deadline)
        {
            var (b0, t0) = Machine();
            await Task.Delay(1000, ct).ConfigureAwait(false);
            waited += 1;
            var (b1, t1) = Machine();
            if (t1 <= t0 || (double)(b1 - b0) / (t1 - t0) < threshold) break;
        }

        return waited;
    }

    /// <summary>(busy, total) jiffies over all CPUs since boot, from /proc/stat (USER_HZ = 100); (0, 0) where it cannot be read.</summary>
    public static (long Busy, long Total) Machine()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0, idle = 0;
            for (var i = 1; i <= 8 && i < f.Length; i++)
            {
                var v = long.Parse(f[i], CultureInfo.InvariantCulture);
                total += v;
                if (i is 4 or 5) idle += v;
            }

            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }

    /// <summary>utime+stime (+ reaped children) of this process and every live descendant, in jiffies.</summary>
    internal static double OwnJiffies()
    {
        var self = Environment.ProcessId;
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var f = stat[(close + 2)..].Split(' ');
                    // after "(comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17) as 1-based fields of the full line
                    parents[pid] = int.Parse(f[1], CultureInfo.InvariantCulture);
                    cpu[pid] = double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture)
                        + double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        double sum = 0;
        foreach (var (pid, value) in cpu)
        {
            for (int p = pid, depth = 0; p > 1 && depth < 64; p = parents.GetValueOrDefault(p, 0), depth++)
            {
                if (p == self)
                {
                    sum += value;
                    break;
                }
            }
        }

        return sum;
    }
}
