namespace ArrHost.Rendering.Scene;

/// <summary>A glTF mesh: one or more primitives, each with its own material.</summary>
internal sealed class MeshData
{
    public required string Name { get; init; }
    public required IReadOnlyList<PrimitiveData> Primitives { get; init; }
}
