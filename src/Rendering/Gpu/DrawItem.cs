using System.Numerics;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

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
