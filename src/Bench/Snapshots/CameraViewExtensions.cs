using ArrHost.Rendering.Scene;
using ArrHost.Tooling.Camera;

namespace ArrHost.Bench.Snapshots;

/// <summary>The tools' camera as the renderer takes it.</summary>
internal static class CameraViewExtensions
{
    public static CameraState ToCameraState(this CameraView view) => new(view.Position, view.Orientation, view.VerticalFovDegrees, view.Near, view.Far);
}
