namespace ArrHost.Rendering.Scene;

/// <summary>
/// One drawable primitive as flat arrays (structure of arrays). Every attribute array has
/// VertexCount elements of its width; optional attributes are null when absent.
/// </summary>
internal sealed class PrimitiveData
{
    /// <summary>xyz per vertex.</summary>
    public required float[] Positions { get; init; }
    /// <summary>xyz per vertex; generated (flat) by the loader when the file has none.</summary>
    public required float[] Normals { get; init; }
    /// <summary>xyzw per vertex (w = handedness); present when the material has a normal map.</summary>
    public float[]? Tangents { get; init; }
    /// <summary>uv per vertex (TEXCOORD_0).</summary>
    public float[]? TexCoords0 { get; init; }
    /// <summary>uv per vertex (TEXCOORD_1).</summary>
    public float[]? TexCoords1 { get; init; }
    /// <summary>linear rgba per vertex (COLOR_0).</summary>
    public float[]? Colors { get; init; }
    /// <summary>Triangle list indices into the vertex arrays.</summary>
    public required uint[] Indices { get; init; }
    /// <summary>Index into <see cref="ModelData.Materials"/>; -1 for the glTF default material.</summary>
    public int Material { get; init; } = -1;

    public int VertexCount => Positions.Length / 3;
    public int TriangleCount => Indices.Length / 3;
}
