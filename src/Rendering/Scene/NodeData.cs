using System.Numerics;

namespace ArrHost.Rendering.Scene;

/// <summary>A node of the default scene. Matrices are System.Numerics row-vector convention (v * M).</summary>
internal sealed class NodeData
{
    public string Name { get; init; } = "";
    /// <summary>Index of the parent in <see cref="ModelData.Nodes"/>; -1 for a root.</summary>
    public int Parent { get; init; } = -1;
    public Matrix4x4 LocalMatrix { get; init; } = Matrix4x4.Identity;
    public Matrix4x4 WorldMatrix { get; init; } = Matrix4x4.Identity;
    /// <summary>Index into <see cref="ModelData.Meshes"/>; -1 when the node has no mesh.</summary>
    public int Mesh { get; init; } = -1;
}
