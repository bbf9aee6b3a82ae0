namespace ArrHost.Rendering.Scene;

/// <summary>glTF sampler values (the GL enums as the spec defines them).</summary>
internal readonly record struct SamplerData(int MagFilter, int MinFilter, int WrapS, int WrapT)
{
    public const int Nearest = 9728, Linear = 9729, Repeat = 10497, ClampToEdge = 33071, MirroredRepeat = 33648;
    public static readonly SamplerData Default = new(Linear, 9987, Repeat, Repeat);
}
