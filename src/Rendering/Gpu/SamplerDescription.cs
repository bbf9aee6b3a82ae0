using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Gpu;

/// <summary>A sampler from glTF sampler values (GL enums).</summary>
internal readonly record struct SamplerDescription(int MagFilter, int MinFilter, int WrapS, int WrapT)
{
    public static SamplerDescription From(SamplerData s) => new(s.MagFilter, s.MinFilter, s.WrapS, s.WrapT);

    /// <summary>glTF minification filters 9984-9987 (*_MIPMAP_*) sample mip levels; 9728/9729 only the base level.</summary>
    public static bool UsesMipmaps(int minFilter) => minFilter is >= 9984 and <= 9987 || minFilter == 0;
}
