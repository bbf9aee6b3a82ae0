using System.Numerics;

namespace ArrHost.Rendering.Scene;

/// <summary>A glTF metallic-roughness material. Texture fields index <see cref="ModelData.Textures"/>; -1 when absent.</summary>
internal sealed class MaterialData
{
    public string Name { get; init; } = "";
    /// <summary>Linear RGBA.</summary>
    public Vector4 BaseColorFactor { get; init; } = Vector4.One;
    public TextureRef BaseColorTexture { get; init; } = TextureRef.None;
    public float MetallicFactor { get; init; } = 1f;
    public float RoughnessFactor { get; init; } = 1f;
    public TextureRef MetallicRoughnessTexture { get; init; } = TextureRef.None;
    public TextureRef NormalTexture { get; init; } = TextureRef.None;
    public float NormalScale { get; init; } = 1f;
    public TextureRef OcclusionTexture { get; init; } = TextureRef.None;
    public float OcclusionStrength { get; init; } = 1f;
    public TextureRef EmissiveTexture { get; init; } = TextureRef.None;
    public Vector3 EmissiveFactor { get; init; } = Vector3.Zero;
    public AlphaMode AlphaMode { get; init; } = AlphaMode.Opaque;
    public float AlphaCutoff { get; init; } = 0.5f;
    public bool DoubleSided { get; init; }
}
