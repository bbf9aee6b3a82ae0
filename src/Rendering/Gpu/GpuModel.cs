using System.Numerics;
using ArrHost.Rendering.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;
using Semaphore = Silk.NET.Vulkan.Semaphore;
using Silk.NET.Vulkan;

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

/// <summary>One draw: a primitive of a node, with its material set and pipeline.</summary>
internal struct DrawItem
{
    public Matrix4x4 NodeWorld;
    /// <summary>Index of the node in the model's nodes (for per-instance node transforms).</summary>
    public int Node;
    /// <summary>Byte offsets in the model's geometry buffer: position+normal interleaved (24 B), colour (16 B), tangent+uv0+uv1 (32 B), indices.</summary>
    public ulong PositionNormalOffset, ColorOffset, ExtraOffset, IndexOffset;
    public uint IndexCount;
    public int Material; // index into the material sets (last = default material)
    public int PipelineKey;
    public VertexStreams Streams;
    public Pipeline Pipeline;
}

/// <summary>The shared GPU resources of one uploaded model.</summary>
internal sealed unsafe class GpuModelResources : IDisposable
{
    private readonly GpuDevice _device;

    public required string Name { get; init; }
    public required object CacheKey { get; init; }
    public int References;
    /// <summary>Frame number of the last submitted frame that drew this model.</summary>
    public long LastUsedFrame = -1;

    public GpuBuffer? Geometry;
    public GpuBuffer? MaterialUniforms;
    public readonly List<GpuImage> Images = [];
    public readonly List<GpuSampler> Samplers = [];
    internal DescriptorPool DescriptorPool;
    internal DescriptorSet[] MaterialSets = [];
    public DrawItem[] Opaque = [];
    public DrawItem[] Blend = [];
    public long PrimitiveCount;
    public Vector3 BoundsMin, BoundsMax;
    public Vector3 BoundsCenter => (BoundsMin + BoundsMax) * 0.5f;
    public long MemoryBytes;

    public GpuModelResources(GpuDevice device) => _device = device;

    public void Dispose()
    {
        if (DescriptorPool.Handle != 0) _device.Api.DestroyDescriptorPool(_device.Device, DescriptorPool, null);
        DescriptorPool = default;
        foreach (var s in Samplers) s.Dispose();
        foreach (var i in Images) i.Dispose();
        Samplers.Clear();
        Images.Clear();
        MaterialUniforms?.Dispose();
        Geometry?.Dispose();
        MaterialUniforms = null;
        Geometry = null;
    }
}
