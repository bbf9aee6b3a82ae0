namespace ArrHost.Bench.Matrix;

/// <summary>One row of the C baseline for a scene the harness also renders.</summary>
/// <param name="RenderReadbackMs">vkbase seq total median (render + copy + memcpy), ms.</param>
/// <param name="PipelinedRenderFps">vkbase pipe mode (2 in flight, no encode), fps.</param>
/// <param name="EncodeMs">encbase median for the codec (JPEG q85 4:2:0, or x264 threads=auto sws+enc), ms.</param>
/// <param name="SequentialMs">render+readback + encode medians summed, ms (RESULTS.md "Estimated end-to-end").</param>
/// <param name="SequentialFps">1000 / SequentialMs as RESULTS.md gives it.</param>
internal sealed record BaselineRow(double RenderReadbackMs, double PipelinedRenderFps, double EncodeMs, double SequentialMs, double SequentialFps);
