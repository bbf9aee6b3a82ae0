using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Frames;

/// <summary>
/// What the frame pipeline needs from the GPU layer for one connection: upload models, render a
/// draw list from a camera into a free frame slot, and hand back the read-back pixels until the
/// encoder releases the slot.
/// </summary>
internal interface IFrameRenderer : IDisposable
{
    int Width { get; }
    int Height { get; }

    /// <summary>Uploads a model; the same key uploaded twice shares the GPU resources. Dispose the result to release it.</summary>
    Task<IDisposable> UploadAsync(ModelData model, object key, CancellationToken ct);

    /// <summary>Renders (waiting for a free slot first); completes when the pixels are in host memory.</summary>
    ValueTask<RenderedSlot> RenderAsync(CameraState camera, IReadOnlyList<PlacedModel> items, CancellationToken ct);

    /// <summary>Waits until no frame or upload is in flight on the device.</summary>
    Task IdleAsync();

    /// <summary>Returns a slot after its pixels were consumed.</summary>
    void ReleaseSlot(object? slot);
}
