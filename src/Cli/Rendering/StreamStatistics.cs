using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ArrHost.Client;
using ArrHost.Tooling.Statistics;
using Spectre.Console;

namespace ArrHost.Cli.Rendering;

/// <summary>
/// Aggregates a received frame stream for a report: frames, frame rate, pose-to-receive latency
/// percentiles (client clock only), bytes per frame, Mbit/s, and the host's stage durations.
/// </summary>
internal sealed class StreamStatistics
{
    private long _firstTimestamp;
    private long _lastTimestamp;

    public LatencyStats PoseToReceive { get; } = new();
    public LatencyStats HostWait { get; } = new();
    public LatencyStats HostRender { get; } = new();
    public LatencyStats HostReadback { get; } = new();
    public LatencyStats HostEncode { get; } = new();
    public LatencyStats HostSend { get; } = new();
    public LatencyStats HostTotal { get; } = new();

    public long Frames { get; private set; }
    public long Keyframes { get; private set; }
    public long Bytes { get; private set; }
    public long PosesDropped { get; private set; }
    public long OverBudgetFrames { get; private set; }

    /// <summary>From the first to the last frame received.</summary>
    public TimeSpan Span => Frames < 2 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstTimestamp, _lastTimestamp);

    /// <summary>Frames per second between the first and the last frame; NaN with fewer than two.</summary>
    public double FramesPerSecond => Span > TimeSpan.Zero ? (Frames - 1) / Span.TotalSeconds : double.NaN;

    public double BytesPerFrame => Frames == 0 ? double.NaN : (double)Bytes / Frames;

    /// <summary>Bits received per second at the measured frame rate.</summary>
    public double MegabitsPerSecond => Frames < 2 ? double.NaN : BytesPerFrame * 8 * FramesPerSecond / 1e6;

    /// <summary>Adds one frame, received at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp; default now).</summary>
    public void Add(RenderedFrame frame, long? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Add(frame.PoseToReceiveLatency, frame.HostTimings, frame.Data.Length, frame.Keyframe, frame.PosesDropped, frame.OverBudget, timestamp ?? Stopwatch.GetTimestamp());
    }

    /// <summary>Adds one frame's measurements.</summary>
    public void Add(TimeSpan poseToReceive, FrameHostTimings host, int bytes, bool keyframe, int posesDropped, bool overBudget, long timestamp)
    {
        if (Frames == 0) _firstTimestamp = timestamp;
        _lastTimestamp = timestamp;
        Frames++;
        Bytes += bytes;
        if (keyframe) Keyframes++;
        if (overBudget) OverBudgetFrames++;
        PosesDropped += Math.Max(0, posesDropped);
        if (poseToReceive > TimeSpan.Zero) PoseToReceive.Add(poseToReceive);
        HostWait.Add(host.Wait);
        HostRender.Add(host.Render);
        HostReadback.Add(host.Readback);
        HostEncode.Add(host.Encode);
        HostSend.Add(host.PreviousSend);
        HostTotal.Add(host.Total);
    }

    /// <summary>The statistics for scripts (milliseconds, rounded to µs).</summary>
    public JsonObject ToJson() => new()
    {
        ["frames"] = Frames,
        ["keyframes"] = Keyframes,
        ["seconds"] = R(Span.TotalSeconds),
        ["fps"] = R(FramesPerSecond),
        ["bytesPerFrame"] = R(BytesPerFrame),
        ["mbitPerSecond"] = R(MegabitsPerSecond),
        ["posesDropped"] = PosesDropped,
        ["overBudgetFrames"] = OverBudgetFrames,
        ["poseToReceiveMs"] = Percentiles(PoseToReceive),
        ["hostMs"] = new JsonObject
        {
            ["wait"] = Percentiles(HostWait),
            ["render"] = Percentiles(HostRender),
            ["readback"] = Percentiles(HostReadback),
            ["encode"] = Percentiles(HostEncode),
            ["send"] = Percentiles(HostSend),
            ["total"] = Percentiles(HostTotal),
        },
    };

    /// <summary>The statistics for people: a two-column table.</summary>
    public Table ToTable()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Statistic").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("Frames received", Frames.ToString(CultureInfo.InvariantCulture) + (Keyframes > 0 && Keyframes < Frames ? $" ({Keyframes} keyframes)" : ""));
        Row("Frame rate", F(FramesPerSecond, "0.0") + " fps over " + F(Span.TotalSeconds, "0.00") + " s");
        Row("Pose -> receive p50 / p90 / p99", $"{Ms(PoseToReceive, 50)} / {Ms(PoseToReceive, 90)} / {Ms(PoseToReceive, 99)} ms");
        Row("Bytes per frame", F(BytesPerFrame / 1024, "0.0") + " KiB");
        Row("Bandwidth", F(MegabitsPerSecond, "0.00") + " Mbit/s");
        Row("Host wait / render / readback p50", $"{Ms(HostWait, 50)} / {Ms(HostRender, 50)} / {Ms(HostReadback, 50)} ms");
        Row("Host encode / send / total p50", $"{Ms(HostEncode, 50)} / {Ms(HostSend, 50)} / {Ms(HostTotal, 50)} ms");
        if (PosesDropped > 0) Row("Poses dropped by the host (newer one first)", PosesDropped.ToString(CultureInfo.InvariantCulture));
        if (OverBudgetFrames > 0) Row("Frames over the primitive budget", OverBudgetFrames.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static string Ms(LatencyStats s, double p) => F(s.Percentile(p), "0.00");

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static double? R(double v) => double.IsFinite(v) ? Math.Round(v, 3) : null;

    private static JsonObject Percentiles(LatencyStats s) => new()
    {
        ["p50"] = R(s.Percentile(50)),
        ["p90"] = R(s.Percentile(90)),
        ["p99"] = R(s.Percentile(99)),
        ["mean"] = R(s.Mean),
        ["max"] = R(s.Max),
    };
}
