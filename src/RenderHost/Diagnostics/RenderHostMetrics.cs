using System.Diagnostics.Metrics;
using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Diagnostics;

/// <summary>
/// The render host's instruments (meter "ArrHost.RenderHost", served at /metrics on the health port):
/// frames sent and the time each stage of a frame took, the numbers a user sees per frame, over time.
/// Recording allocates nothing: tag values are constant strings.
/// </summary>
internal sealed class RenderHostMetrics
{
    public const string MeterName = "ArrHost.RenderHost";

    public RenderHostMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        FramesSent = meter.CreateCounter<long>("arr.frames.sent", description: "Frames sent to clients, by codec");
        FrameBytes = meter.CreateCounter<long>("arr.frames.sent.size", "By", "Encoded bytes sent to clients, by codec");
        PosesDropped = meter.CreateCounter<long>("arr.poses.dropped", description: "Poses replaced by a newer one before they were rendered");
        StageDuration = meter.CreateHistogram<double>("arr.frame.stage.duration", "ms", "Time a frame spent in each stage on the host (wait, render, readback, encode, send, total)");
    }

    public Counter<long> FramesSent { get; }
    public Counter<long> FrameBytes { get; }
    public Counter<long> PosesDropped { get; }
    public Histogram<double> StageDuration { get; }

    /// <summary>The running totals the heartbeat reports (see <see cref="FrameTotals"/>).</summary>
    public FrameTotals Totals => new(
        Interlocked.Read(ref _frames), Interlocked.Read(ref _bytes), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _totalUs), Interlocked.Read(ref _renderUs), Interlocked.Read(ref _encodeUs));

    private long _frames;
    private long _bytes;
    private long _dropped;
    private long _totalUs;
    private long _renderUs;
    private long _encodeUs;

    /// <summary>Records one sent frame; its stage durations are in microseconds.</summary>
    public void FrameSent(Codec codec, int bytes, uint dropped, uint waitUs, uint renderUs, uint readbackUs, uint encodeUs, long sendUs, uint totalUs)
    {
        var tag = new KeyValuePair<string, object?>("codec", CodecName(codec));
        FramesSent.Add(1, tag);
        FrameBytes.Add(bytes, tag);
        if (dropped > 0) PosesDropped.Add(dropped);
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _dropped, dropped);
        Interlocked.Add(ref _totalUs, totalUs);
        Interlocked.Add(ref _renderUs, renderUs);
        Interlocked.Add(ref _encodeUs, encodeUs);
        Stage("wait", waitUs);
        Stage("render", renderUs);
        Stage("readback", readbackUs);
        Stage("encode", encodeUs);
        Stage("send", sendUs);
        Stage("total", totalUs);
    }

    private void Stage(string stage, long micros) => StageDuration.Record(micros / 1000.0, new KeyValuePair<string, object?>("stage", stage));

    private static string CodecName(Codec codec) => codec switch
    {
        Codec.H264 => "h264",
        Codec.Jpeg => "jpeg",
        Codec.RawRgba => "raw",
        _ => "other",
    };
}
