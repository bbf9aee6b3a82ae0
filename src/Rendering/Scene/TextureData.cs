namespace ArrHost.Rendering.Scene;

/// <summary>A decoded image (RGBA8, rows top first, tightly packed) with its glTF sampler.</summary>
internal sealed class TextureData
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required byte[] Rgba { get; init; }
    /// <summary>True for colour data (base colour, emissive) that is stored sRGB-encoded.</summary>
    public bool IsSrgb { get; set; }
    public SamplerData Sampler { get; init; } = SamplerData.Default;
}
