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

/// <summary>glTF sampler values (the GL enums as the spec defines them).</summary>
internal readonly record struct SamplerData(int MagFilter, int MinFilter, int WrapS, int WrapT)
{
    public const int Nearest = 9728, Linear = 9729, Repeat = 10497, ClampToEdge = 33071, MirroredRepeat = 33648;
    public static readonly SamplerData Default = new(Linear, 9987, Repeat, Repeat);
}
