using ArrHost.Tooling.Camera;

namespace ArrHost.Bench.Snapshots;

/// <summary>What <see cref="SingleFrameRenderer.RenderAsync"/> produced: tightly packed RGBA8 (sRGB) pixels and how long it took.</summary>
internal sealed record SingleFrame(
    byte[] Rgba,
    int Width,
    int Height,
    string DeviceName,
    CameraView Camera,
    TimeSpan UploadTime,
    TimeSpan RenderTime,
    TimeSpan GpuRenderTime,
    TimeSpan ReadbackTime,
    bool OverBudget);
