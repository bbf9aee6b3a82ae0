using System.Numerics;
using ArrHost.Rendering.Imaging;
using ArrHost.Rendering.Scene;
using SharpGLTF.Schema2;

namespace ArrHost.Rendering.Gltf;

internal sealed partial class GltfModelBuilder
{
    /// <summary>Per glTF material: the TEXCOORD set of its normal map, or -1.</summary>
    private int[] _normalMapTexCoord = [];

    /// <summary>Output textures in order: the glTF texture each comes from and whether it holds colour (sRGB) data.</summary>
    private readonly List<(Texture Texture, int Image, bool Srgb)> _outputTextures = [];
    private readonly Dictionary<int, int> _textureMap = [];

    /// <summary>Distinct images to decode.</summary>
    private readonly List<int> _imageJobs = [];

    private List<MaterialData> BuildMaterials()
    {
        var materials = _root.LogicalMaterials;
        _normalMapTexCoord = new int[materials.Count];
        var result = new List<MaterialData>(materials.Count);
        foreach (var mat in materials)
        {
            int m = mat.LogicalIndex;
            string ctx = $"material {m}";
            var baseColor = mat.FindChannel("BaseColor");
            var metallicRoughness = mat.FindChannel("MetallicRoughness");
            var normalChannel = mat.FindChannel("Normal");
            var occlusion = mat.FindChannel("Occlusion");
            var emissiveChannel = mat.FindChannel("Emissive");
            var normal = Texture(normalChannel, srgb: false, $"{ctx}.normalTexture");
            _normalMapTexCoord[m] = normal.IsPresent ? normal.TexCoord : -1;
            var emissive = Vector3.Zero;
            if (emissiveChannel is { } e)
            {
                // KHR_materials_emissive_strength is read by SharpGLTF into the channel's EmissiveStrength.
                emissive = Parameter(e, "RGB", Vector3.Zero) * Parameter(e, "EmissiveStrength", 1f);
            }
            result.Add(new MaterialData
            {
                Name = mat.Name ?? $"material{m}",
                BaseColorFactor = baseColor is { } bc ? Parameter(bc, "RGBA", Vector4.One) : Vector4.One,
                BaseColorTexture = Texture(baseColor, srgb: true, $"{ctx}.pbrMetallicRoughness.baseColorTexture"),
                MetallicFactor = metallicRoughness is { } mr1 ? Parameter(mr1, "MetallicFactor", 1f) : 1f,
                RoughnessFactor = metallicRoughness is { } mr2 ? Parameter(mr2, "RoughnessFactor", 1f) : 1f,
                MetallicRoughnessTexture = Texture(metallicRoughness, srgb: false, $"{ctx}.pbrMetallicRoughness.metallicRoughnessTexture"),
                NormalTexture = normal,
                NormalScale = normalChannel is { } nc ? Parameter(nc, "NormalScale", 1f) : 1f,
                OcclusionTexture = Texture(occlusion, srgb: false, $"{ctx}.occlusionTexture"),
                OcclusionStrength = occlusion is { } oc ? Parameter(oc, "OcclusionStrength", 1f) : 1f,
                EmissiveTexture = Texture(emissiveChannel, srgb: true, $"{ctx}.emissiveTexture"),
                EmissiveFactor = emissive,
                AlphaMode = mat.Alpha switch
                {
                    SharpGLTF.Schema2.AlphaMode.OPAQUE => Scene.AlphaMode.Opaque,
                    SharpGLTF.Schema2.AlphaMode.MASK => Scene.AlphaMode.Mask,
                    SharpGLTF.Schema2.AlphaMode.BLEND => Scene.AlphaMode.Blend,
                    var other => throw new GltfLoadException($"{ctx}: invalid alphaMode '{other}'"),
                },
                AlphaCutoff = Finite(mat.AlphaCutoff, $"{ctx}: 'alphaCutoff'"),
                DoubleSided = mat.DoubleSided,
            });
        }
        return result;
    }

    private static T Parameter<T>(MaterialChannel channel, string name, T fallback)
    {
        foreach (var p in channel.Parameters)
            if (p.Name == name && p.Value is T value) return value;
        return fallback;
    }

    private static float Finite(float value, string ctx) =>
        float.IsFinite(value) ? value : throw new GltfLoadException($"{ctx} is not a finite number");

    private TextureRef Texture(MaterialChannel? channel, bool srgb, string ctx)
    {
        if (channel is not { Texture: { } texture } ch) return TextureRef.None;
        int texCoord = ch.TextureCoordinate;
        if (texCoord is not (0 or 1))
        {
            Warn($"{ctx}: TEXCOORD_{texCoord} is not supported (only 0 and 1); texture ignored");
            return TextureRef.None;
        }
        if (!_textureMap.TryGetValue(texture.LogicalIndex, out int output))
        {
            if (texture.PrimaryImage is not { } image)
            {
                Warn($"texture {texture.LogicalIndex}: no PNG/JPEG 'source' (only extension sources?); texture ignored");
                return TextureRef.None;
            }
            output = _outputTextures.Count;
            _outputTextures.Add((texture, image.LogicalIndex, srgb));
            _textureMap[texture.LogicalIndex] = output;
            if (!_imageJobs.Contains(image.LogicalIndex)) _imageJobs.Add(image.LogicalIndex);
        }
        else if (srgb && !_outputTextures[output].Srgb)
        {
            _outputTextures[output] = _outputTextures[output] with { Srgb = true };
        }
        return new TextureRef(output, texCoord);
    }

    private TextureData[] DecodeTextures()
    {
        var images = _root.LogicalImages;
        var decoded = new DecodedImage[images.Count];
        long totalPixels = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = _ct,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, _imageJobs.Count, parallel, j =>
        {
            int i = _imageJobs[j];
            var content = images[i].Content;
            string ctx = $"image {i}";
            string label = content.SourcePath is { Length: > 0 } source ? $"{ctx} ({GltfPaths.Short(source)})" : ctx;
            DecodedImage result;
            try
            {
                result = ImageDecoder.Decode(content.Content.Span, _options.MaxImagePixels);
            }
            catch (ImageDecodeException e)
            {
                throw new GltfLoadException($"{label}: {e.Message}", e);
            }
            if (Interlocked.Add(ref totalPixels, (long)result.Width * result.Height) > _options.MaxTotalImagePixels)
                throw new GltfLoadException($"{label}: the images exceed the limit of {_options.MaxTotalImagePixels} pixels in total");
            decoded[i] = result;
            Step("images");
        });

        var textures = new TextureData[_outputTextures.Count];
        for (int t = 0; t < textures.Length; t++)
        {
            var (texture, image, srgb) = _outputTextures[t];
            var img = decoded[image];
            textures[t] = new TextureData
            {
                Width = img.Width,
                Height = img.Height,
                Rgba = img.Rgba,
                IsSrgb = srgb,
                Sampler = Sampler(texture),
            };
        }
        return textures;
    }

    private static SamplerData Sampler(Texture texture)
    {
        var d = SamplerData.Default;
        if (texture.Sampler is not { } s) return d;
        return new SamplerData(
            s.MagFilter == TextureInterpolationFilter.DEFAULT ? d.MagFilter : (int)s.MagFilter,
            s.MinFilter == TextureMipMapFilter.DEFAULT ? d.MinFilter : (int)s.MinFilter,
            (int)s.WrapS,
            (int)s.WrapT);
    }
}
