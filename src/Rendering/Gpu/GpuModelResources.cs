using System.Numerics;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

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
