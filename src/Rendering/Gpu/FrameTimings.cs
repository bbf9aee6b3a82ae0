namespace ArrHost.Rendering.Gpu;

/// <summary>What one frame cost, in microseconds, and whether the scene was replaced by the checkerboard.</summary>
internal readonly record struct FrameTimings(
    long FrameNumber,
    double WaitMicros,
    double RenderMicros,
    double ReadbackMicros,
    long Primitives,
    bool OverBudget)
{
    public double TotalMicros => WaitMicros + RenderMicros + ReadbackMicros;
}
