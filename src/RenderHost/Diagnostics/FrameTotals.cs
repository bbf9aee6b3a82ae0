using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Diagnostics;

/// <summary>Running totals of the frames a host sent; two of them give the means over the time between.</summary>
internal readonly record struct FrameTotals(long Frames, long Bytes, long PosesDropped, long TotalUs, long RenderUs, long EncodeUs)
{
    /// <summary>The heartbeat's frame statistics: these totals, and the means since <paramref name="previous"/>.</summary>
    public HostFrameStats Since(FrameTotals previous, TimeSpan elapsed)
    {
        var frames = Frames - previous.Frames;
        float Mean(long now, long before) => frames > 0 ? (float)((now - before) / 1000.0 / frames) : 0f;
        return new HostFrameStats
        {
            FramesSent = (ulong)Frames,
            BytesSent = (ulong)Bytes,
            PosesDropped = (ulong)PosesDropped,
            FramesPerSecond = elapsed > TimeSpan.Zero ? (float)(frames / elapsed.TotalSeconds) : 0f,
            MeanTotalMs = Mean(TotalUs, previous.TotalUs),
            MeanRenderMs = Mean(RenderUs, previous.RenderUs),
            MeanEncodeMs = Mean(EncodeUs, previous.EncodeUs),
            MeanFrameBytes = frames > 0 ? (float)((Bytes - previous.Bytes) / (double)frames) : 0f,
        };
    }
}
