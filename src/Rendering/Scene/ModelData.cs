using System.Numerics;

namespace ArrHost.Rendering.Scene;

/// <summary>
/// A model on the CPU, ready for upload: what the glTF loader and the builtin generators produce
/// and what the renderer consumes. Geometry is already triangulated into 32-bit triangle lists.
/// </summary>
internal sealed class ModelData
{
    public required string Name { get; init; }
    public required IReadOnlyList<MeshData> Meshes { get; init; }
    public required IReadOnlyList<MaterialData> Materials { get; init; }
    public required IReadOnlyList<TextureData> Textures { get; init; }

    /// <summary>The default scene's nodes, parents before children; <see cref="NodeData.Parent"/> indexes this list.</summary>
    public required IReadOnlyList<NodeData> Nodes { get; init; }

    /// <summary>Non-fatal problems, e.g. ignored optional extensions.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Triangles drawn when every node is rendered once.</summary>
    public long PrimitiveCount { get; init; }

    /// <summary>World-space bounds of the default scene.</summary>
    public Vector3 BoundsMin { get; init; }
    public Vector3 BoundsMax { get; init; }
}
