using System.Numerics;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// A model on the GPU, as handed to callers: one reference to shared resources. Uploading the same
/// model (same cache key) again returns another reference to the same resources. Dispose releases
/// this reference; the resources are destroyed once the last reference is gone and every frame
/// that used them has finished.
/// </summary>
internal sealed class GpuModel : IDisposable
{
    private readonly Renderer _renderer;
    private int _disposed;

    internal GpuModelResources Resources { get; }

    internal GpuModel(Renderer renderer, GpuModelResources resources)
    {
        _renderer = renderer;
        Resources = resources;
    }

    public string Name => Resources.Name;
    /// <summary>Triangles drawn per instance.</summary>
    public long PrimitiveCount => Resources.PrimitiveCount;
    public Vector3 BoundsMin => Resources.BoundsMin;
    public Vector3 BoundsMax => Resources.BoundsMax;
    /// <summary>Bytes of device memory the shared resources hold.</summary>
    public long MemoryBytes => Resources.MemoryBytes;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _renderer.Release(Resources);
    }
}
