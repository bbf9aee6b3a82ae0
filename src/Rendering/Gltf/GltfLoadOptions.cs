using SharpGLTF.Validation;

namespace ArrHost.Rendering.Gltf;

/// <summary>
/// Where external files may come from and how much a load may allocate. The defaults load every
/// Khronos sample comfortably while bounding what a hostile file can make the host allocate.
/// </summary>
internal sealed record GltfLoadOptions
{
    public static readonly GltfLoadOptions Default = new();

    /// <summary>
    /// Folder that the model file and every external buffer/image must lie inside (after resolving
    /// symbolic links). Null: the model file's own folder.
    /// </summary>
    public string? RootDirectory { get; init; }

    /// <summary>Largest .gltf/.glb file and largest external buffer or image file.</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>Largest sum of all buffers' bytes (external, data: URIs and the GLB BIN chunk).</summary>
    public long MaxTotalBufferBytes { get; init; } = 2L << 30;

    /// <summary>Largest element count of one accessor (matters for accessors without a bufferView, which are zero-filled).</summary>
    public int MaxAccessorCount { get; init; } = 1 << 25;

    /// <summary>Largest sum of output vertices over all primitives (bounds un-indexing, skinned and morphed copies).</summary>
    public long MaxTotalVertices { get; init; } = 1L << 26;

    /// <summary>Largest sum of output triangle-list indices over all primitives (3 per triangle; bounds strip/fan expansion).</summary>
    public long MaxTotalIndices { get; init; } = 1L << 28;

    /// <summary>Largest pixel count of one image (8192 x 8192).</summary>
    public long MaxImagePixels { get; init; } = 8192L * 8192L;

    /// <summary>Largest sum of pixels over all decoded images (1 GiB of RGBA8).</summary>
    public long MaxTotalImagePixels { get; init; } = 1L << 28;

    /// <summary>
    /// How much SharpGLTF checks while reading. Strict (the default) validates references, accessor
    /// ranges and index values before the model is built; Skip leaves only the loader's own checks;
    /// TryFix lets SharpGLTF repair what it can instead of refusing the file. Measured over the 18
    /// Khronos samples (SharpGLTF's read alone, medians of 7): Strict 82 ms, TryFix 91 ms, Skip 26 ms
    /// in all; FlightHelmet 20 against 4 ms. Strict is kept: under Skip a dangling index or a cycle
    /// reaches SharpGLTF's object model unchecked.
    /// </summary>
    public ValidationMode Validation { get; init; } = ValidationMode.Strict;

    /// <summary>Threads used to decode images; 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    internal void Validate()
    {
        if (MaxFileBytes <= 0 || MaxTotalBufferBytes <= 0 || MaxAccessorCount <= 0 || MaxTotalVertices <= 0 || MaxTotalIndices <= 0 || MaxImagePixels <= 0 || MaxTotalImagePixels <= 0 || MaxDegreeOfParallelism < 0)
            throw new ArgumentException("GltfLoadOptions limits must be positive");
        if (!Enum.IsDefined(Validation))
            throw new ArgumentException($"GltfLoadOptions.Validation {Validation} is not a SharpGLTF validation mode");
        if (MaxFileBytes > Array.MaxLength)
            throw new ArgumentException($"GltfLoadOptions.MaxFileBytes cannot exceed {Array.MaxLength}");
    }
}
