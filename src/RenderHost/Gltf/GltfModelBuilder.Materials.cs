using System.Numerics;
using System.Text.Json;
using ArrHost.RenderHost.Imaging;
using ArrHost.RenderHost.Scene;

namespace ArrHost.RenderHost.Gltf;

internal sealed partial class GltfModelBuilder
{
    /// <summary>Per glTF material: the TEXCOORD set of its normal map, or -1.</summary>
    private int[] _normalMapTexCoord = [];

    /// <summary>Output textures in order: the glTF texture each comes from and whether it holds colour (sRGB) data.</summary>
    private readonly List<(int Texture, int Image, bool Srgb)> _outputTextures = [];
    private readonly Dictionary<int, int> _textureMap = [];

    /// <summary>Distinct images to decode.</summary>
    private readonly List<int> _imageJobs = [];

    private List<MaterialData> BuildMaterials()
    {
        _normalMapTexCoord = new int[_materials.Length];
        var result = new List<MaterialData>(_materials.Length);
        for (int m = 0; m < _materials.Length; m++)
        {
            var mat = _materials[m];
            string ctx = $"material {m}";
            var pbr = GltfJson.OptObject(mat, "pbrMetallicRoughness", ctx);
            string pctx = $"{ctx}.pbrMetallicRoughness";
            var normal = Texture(GltfJson.OptObject(mat, "normalTexture", ctx), srgb: false, $"{ctx}.normalTexture");
            _normalMapTexCoord[m] = normal.IsPresent ? normal.TexCoord : -1;
            var emissive = GltfJson.OptVec3(mat, "emissiveFactor", Vector3.Zero, ctx);
            if (GltfJson.OptObject(mat, "extensions", ctx) is { } exts)
            {
                foreach (var ext in exts.EnumerateObject())
                {
                    if (ext.Name == "KHR_materials_emissive_strength" && ext.Value.ValueKind == JsonValueKind.Object)
                        emissive *= GltfJson.OptFloat(ext.Value, "emissiveStrength", 1f, $"{ctx}.{ext.Name}");
                }
            }
            string alphaMode = GltfJson.OptString(mat, "alphaMode", ctx) ?? "OPAQUE";
            result.Add(new MaterialData
            {
                Name = GltfJson.OptString(mat, "name", ctx) ?? $"material{m}",
                BaseColorFactor = pbr is { } p1 ? GltfJson.OptVec4(p1, "baseColorFactor", Vector4.One, pctx) : Vector4.One,
                BaseColorTexture = pbr is { } p2 ? Texture(GltfJson.OptObject(p2, "baseColorTexture", pctx), srgb: true, $"{pctx}.baseColorTexture") : TextureRef.None,
                MetallicFactor = pbr is { } p3 ? GltfJson.OptFloat(p3, "metallicFactor", 1f, pctx) : 1f,
                RoughnessFactor = pbr is { } p4 ? GltfJson.OptFloat(p4, "roughnessFactor", 1f, pctx) : 1f,
                MetallicRoughnessTexture = pbr is { } p5 ? Texture(GltfJson.OptObject(p5, "metallicRoughnessTexture", pctx), srgb: false, $"{pctx}.metallicRoughnessTexture") : TextureRef.None,
                NormalTexture = normal,
                NormalScale = GltfJson.OptObject(mat, "normalTexture", ctx) is { } nt ? GltfJson.OptFloat(nt, "scale", 1f, $"{ctx}.normalTexture") : 1f,
                OcclusionTexture = Texture(GltfJson.OptObject(mat, "occlusionTexture", ctx), srgb: false, $"{ctx}.occlusionTexture"),
                OcclusionStrength = GltfJson.OptObject(mat, "occlusionTexture", ctx) is { } ot ? GltfJson.OptFloat(ot, "strength", 1f, $"{ctx}.occlusionTexture") : 1f,
                EmissiveTexture = Texture(GltfJson.OptObject(mat, "emissiveTexture", ctx), srgb: true, $"{ctx}.emissiveTexture"),
                EmissiveFactor = emissive,
                AlphaMode = alphaMode switch
                {
                    "OPAQUE" => AlphaMode.Opaque,
                    "MASK" => AlphaMode.Mask,
                    "BLEND" => AlphaMode.Blend,
                    _ => throw new GltfLoadException($"{ctx}: invalid alphaMode '{alphaMode}'"),
                },
                AlphaCutoff = GltfJson.OptFloat(mat, "alphaCutoff", 0.5f, ctx),
                DoubleSided = GltfJson.OptBool(mat, "doubleSided", false, ctx),
            });
        }
        return result;
    }

    private TextureRef Texture(JsonElement? info, bool srgb, string ctx)
    {
        if (info is not { } ti) return TextureRef.None;
        int texture = GltfJson.OptIndex(ti, "index", _textures.Length, "texture", ctx) ?? throw new GltfLoadException($"{ctx}: required property 'index' is missing");
        int texCoord = GltfJson.OptInt(ti, "texCoord", ctx) ?? 0;
        if (texCoord is not (0 or 1))
        {
            Warn($"{ctx}: TEXCOORD_{texCoord} is not supported (only 0 and 1); texture ignored");
            return TextureRef.None;
        }
        if (!_textureMap.TryGetValue(texture, out int output))
        {
            if (GltfJson.OptIndex(_textures[texture], "source", _images.Length, "image", $"texture {texture}") is not { } image)
            {
                Warn($"texture {texture}: no PNG/JPEG 'source' (only extension sources?); texture ignored");
                return TextureRef.None;
            }
            output = _outputTextures.Count;
            _outputTextures.Add((texture, image, srgb));
            _textureMap[texture] = output;
            if (!_imageJobs.Contains(image)) _imageJobs.Add(image);
        }
        else if (srgb && !_outputTextures[output].Srgb)
        {
            _outputTextures[output] = _outputTextures[output] with { Srgb = true };
        }
        return new TextureRef(output, texCoord);
    }

    private TextureData[] DecodeTextures()
    {
        var decoded = new DecodedImage[_images.Length];
        long totalPixels = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = _ct,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, _imageJobs.Count, parallel, j =>
        {
            int i = _imageJobs[j];
            var image = _images[i];
            string ctx = $"image {i}";
            string? uri = GltfJson.OptString(image, "uri", ctx);
            string label = uri is null ? ctx : uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? $"{ctx} (data: URI)" : $"{ctx} ({GltfPaths.Short(uri)})";
            ReadOnlyMemory<byte> bytes;
            if (uri is not null)
            {
                bytes = uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                    ? DecodeDataUri(uri, _options.MaxFileBytes, ctx, out _)
                    : ReadExternal(uri, ctx);
            }
            else if (GltfJson.OptIndex(image, "bufferView", _bufferViews.Length, "bufferView", ctx) is { } bv)
            {
                bytes = BufferView(bv, ctx).data;
            }
            else throw new GltfLoadException($"{ctx}: has neither 'uri' nor 'bufferView'");
            DecodedImage result;
            try
            {
                result = ImageDecoder.Decode(bytes.Span, _options.MaxImagePixels);
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

    private SamplerData Sampler(int texture)
    {
        string ctx = $"texture {texture}";
        if (GltfJson.OptIndex(_textures[texture], "sampler", _samplers.Length, "sampler", ctx) is not { } s) return SamplerData.Default;
        var sampler = _samplers[s];
        string sctx = $"sampler {s}";
        var d = SamplerData.Default;
        return new SamplerData(
            GltfJson.OptInt(sampler, "magFilter", sctx) ?? d.MagFilter,
            GltfJson.OptInt(sampler, "minFilter", sctx) ?? d.MinFilter,
            GltfJson.OptInt(sampler, "wrapS", sctx) ?? d.WrapS,
            GltfJson.OptInt(sampler, "wrapT", sctx) ?? d.WrapT);
    }
}
