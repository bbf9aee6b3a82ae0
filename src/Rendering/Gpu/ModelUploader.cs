using System.Numerics;
using System.Runtime.InteropServices;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;

namespace ArrHost.Rendering.Gpu;

/// <summary>Turns a <see cref="ModelData"/> into <see cref="GpuModelResources"/>. Runs on the device thread.</summary>
internal sealed unsafe class ModelUploader
{
    private const int MaterialStride = 256;
    private readonly GpuDevice _device;
    private readonly PipelineSet _pipelines;
    private readonly ImmediateSubmitter _submit;
    private readonly GpuImage _white;
    private readonly GpuSampler _defaultSampler;

    private readonly ShadingMode _shading;

    public ModelUploader(GpuDevice device, PipelineSet pipelines, ImmediateSubmitter submit, GpuImage white, GpuSampler defaultSampler, ShadingMode shading)
    {
        _shading = shading;
        _device = device;
        _pipelines = pipelines;
        _submit = submit;
        _white = white;
        _defaultSampler = defaultSampler;
    }

    public static void Validate(ModelData model, uint maxTexture)
    {
        for (var m = 0; m < model.Meshes.Count; m++)
        {
            var mesh = model.Meshes[m];
            for (var p = 0; p < mesh.Primitives.Count; p++)
            {
                var prim = mesh.Primitives[p];
                var where = $"mesh {m} primitive {p}";
                if (prim.Positions.Length % 3 != 0) throw new ModelUploadException($"{where}: position array length {prim.Positions.Length} is not a multiple of 3");
                var n = prim.VertexCount;
                if (prim.Normals.Length != n * 3) throw new ModelUploadException($"{where}: {prim.Normals.Length / 3} normals for {n} vertices");
                if (prim.Tangents is { } t && t.Length != n * 4) throw new ModelUploadException($"{where}: {t.Length / 4} tangents for {n} vertices");
                if (prim.TexCoords0 is { } uv0 && uv0.Length != n * 2) throw new ModelUploadException($"{where}: {uv0.Length / 2} TEXCOORD_0 for {n} vertices");
                if (prim.TexCoords1 is { } uv1 && uv1.Length != n * 2) throw new ModelUploadException($"{where}: {uv1.Length / 2} TEXCOORD_1 for {n} vertices");
                if (prim.Colors is { } c && c.Length != n * 4) throw new ModelUploadException($"{where}: {c.Length / 4} colours for {n} vertices");
                if (prim.Indices.Length % 3 != 0) throw new ModelUploadException($"{where}: {prim.Indices.Length} indices is not a triangle list");
                foreach (var i in prim.Indices)
                    if (i >= (uint)n) throw new ModelUploadException($"{where}: index {i} is out of range ({n} vertices)");
                if (prim.Material < -1 || prim.Material >= model.Materials.Count)
                    throw new ModelUploadException($"{where}: material {prim.Material} does not exist ({model.Materials.Count} materials)");
            }
        }
        for (var i = 0; i < model.Textures.Count; i++)
        {
            var t = model.Textures[i];
            if (t.Width < 1 || t.Height < 1 || t.Width > maxTexture || t.Height > maxTexture)
                throw new ModelUploadException($"texture {i}: size {t.Width}x{t.Height} is outside 1..{maxTexture}");
            if (t.Rgba.LongLength != (long)t.Width * t.Height * 4)
                throw new ModelUploadException($"texture {i}: {t.Rgba.Length} bytes for {t.Width}x{t.Height} RGBA8");
        }
        foreach (var mat in model.Materials)
            foreach (var r in new[] { mat.BaseColorTexture, mat.MetallicRoughnessTexture, mat.NormalTexture, mat.OcclusionTexture, mat.EmissiveTexture })
                if (r.IsPresent && r.Texture >= model.Textures.Count)
                    throw new ModelUploadException($"material {mat.Name}: texture {r.Texture} does not exist ({model.Textures.Count} textures)");
        for (var i = 0; i < model.Nodes.Count; i++)
            if (model.Nodes[i].Mesh >= model.Meshes.Count)
                throw new ModelUploadException($"node {i}: mesh {model.Nodes[i].Mesh} does not exist ({model.Meshes.Count} meshes)");
    }

    private static bool HasTextures(MaterialData? m) => m is not null &&
        (m.BaseColorTexture.IsPresent || m.MetallicRoughnessTexture.IsPresent || m.NormalTexture.IsPresent || m.OcclusionTexture.IsPresent || m.EmissiveTexture.IsPresent);

    private static ulong Align(ulong v) => (v + 15) & ~15ul;

    public GpuModelResources Upload(ModelData model, object cacheKey)
    {
        Validate(model, _device.Limits.MaxImageDimension2D);
        var res = new GpuModelResources(_device) { Name = model.Name, CacheKey = cacheKey };
        var memoryBefore = _device.MemoryInUse;
        try
        {
            // ---- geometry: one buffer, every stream of every primitive at 16-byte aligned offsets
            var layouts = new List<DrawItem[]>(model.Meshes.Count);
            ulong size = 0;
            foreach (var mesh in model.Meshes)
            {
                var items = new DrawItem[mesh.Primitives.Count];
                for (var p = 0; p < items.Length; p++)
                {
                    var prim = mesh.Primitives[p];
                    var material = prim.Material >= 0 ? model.Materials[prim.Material] : null;
                    var streams = VertexStreams.PositionNormal;
                    if (prim.Colors is not null) streams |= VertexStreams.Color;
                    if (prim.TexCoords0 is not null || prim.TexCoords1 is not null || HasTextures(material)) streams |= VertexStreams.Uv;
                    var n = (ulong)prim.VertexCount;
                    ref var it = ref items[p];
                    it.Streams = streams;
                    it.PositionNormalOffset = size; size = Align(size + n * 24);
                    if ((streams & VertexStreams.Color) != 0) { it.ColorOffset = size; size = Align(size + n * 16); }
                    if ((streams & VertexStreams.Uv) != 0) { it.ExtraOffset = size; size = Align(size + n * 32); }
                    it.IndexOffset = size; size = Align(size + (ulong)prim.Indices.Length * 4);
                    it.IndexCount = (uint)prim.Indices.Length;
                    it.Material = prim.Material >= 0 ? prim.Material : model.Materials.Count;
                    var alpha = material?.AlphaMode ?? AlphaMode.Opaque;
                    it.PipelineKey = PipelineSet.Key(streams, alpha, material?.DoubleSided ?? false, _shading == ShadingMode.PerVertex);
                }
                layouts.Add(items);
            }
            res.Geometry = _device.CreateBuffer(new BufferDescription(Math.Max(size, 16), BufferUsage.VertexIndex));
            GpuBuffer? staging = null;
            var target = res.Geometry.Mapped;
            if (target == null)
            {
                staging = _device.CreateBuffer(new BufferDescription(Math.Max(size, 16), BufferUsage.Staging));
                target = staging.Mapped;
            }
            try
            {
                for (var m = 0; m < model.Meshes.Count; m++)
                    for (var p = 0; p < layouts[m].Length; p++)
                        WriteGeometry(model.Meshes[m].Primitives[p], layouts[m][p], target);
                if (staging is not null)
                {
                    var geometry = res.Geometry;
                    _submit.Run(cmd =>
                    {
                        var region = new BufferCopy { Size = size };
                        _device.Api.CmdCopyBuffer(cmd, staging.Handle, geometry.Handle, 1, &region);
                        // make the copy visible to vertex/index fetch of later submissions
                        var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.VertexAttributeReadBit | AccessFlags.IndexReadBit };
                        _device.Api.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.VertexInputBit, 0, 1, &barrier, 0, null, 0, null);
                    });
                }
                else res.Geometry.Flush();
            }
            finally
            {
                staging?.Dispose();
            }

            // ---- textures
            UploadTextures(model, res);

            // ---- materials (+ the default material last)
            var materialCount = model.Materials.Count + 1;
            res.MaterialUniforms = _device.CreateBuffer(new BufferDescription((ulong)(materialCount * MaterialStride), BufferUsage.Uniform));
            for (var i = 0; i < materialCount; i++)
                WriteMaterial(i < model.Materials.Count ? model.Materials[i] : new MaterialData(), res.MaterialUniforms.Mapped + i * MaterialStride);
            CreateMaterialSets(model, res, materialCount);

            // ---- draw items per node; pipelines created here, never in the frame loop
            var opaque = new List<DrawItem>();
            var blend = new List<DrawItem>();
            var min = new Vector3(float.MaxValue);
            var max = new Vector3(float.MinValue);
            for (var n = 0; n < model.Nodes.Count; n++)
            {
                var node = model.Nodes[n];
                if (node.Mesh < 0) continue;
                var mesh = model.Meshes[node.Mesh];
                for (var p = 0; p < mesh.Primitives.Count; p++)
                {
                    var item = layouts[node.Mesh][p];
                    item.NodeWorld = node.WorldMatrix;
                    item.Node = n;
                    item.Pipeline = _pipelines.Get(item.PipelineKey);
                    var prim = mesh.Primitives[p];
                    res.PrimitiveCount += prim.TriangleCount;
                    var positions = prim.Positions;
                    for (var v = 0; v + 2 < positions.Length; v += 3)
                    {
                        var w = Vector3.Transform(new Vector3(positions[v], positions[v + 1], positions[v + 2]), node.WorldMatrix);
                        min = Vector3.Min(min, w);
                        max = Vector3.Max(max, w);
                    }
                    var alpha = prim.Material >= 0 ? model.Materials[prim.Material].AlphaMode : AlphaMode.Opaque;
                    (alpha == AlphaMode.Blend ? blend : opaque).Add(item);
                }
            }
            // Opaque before mask (mask discards, which costs early depth), grouped by pipeline to save binds.
            opaque.Sort((a, b) => a.PipelineKey.CompareTo(b.PipelineKey));
            res.Opaque = opaque.ToArray();
            res.Blend = blend.ToArray();
            res.BoundsMin = min.X <= max.X ? min : Vector3.Zero;
            res.BoundsMax = min.X <= max.X ? max : Vector3.Zero;
            res.MemoryBytes = _device.MemoryInUse - memoryBefore;
            return res;
        }
        catch
        {
            res.Dispose();
            throw;
        }
    }

    private static void WriteGeometry(PrimitiveData prim, in DrawItem it, byte* target)
    {
        var n = prim.VertexCount;
        var pn = new Span<float>(target + it.PositionNormalOffset, n * 6);
        var pos = prim.Positions;
        var nrm = prim.Normals;
        for (var v = 0; v < n; v++)
        {
            pn[v * 6] = pos[v * 3]; pn[v * 6 + 1] = pos[v * 3 + 1]; pn[v * 6 + 2] = pos[v * 3 + 2];
            pn[v * 6 + 3] = nrm[v * 3]; pn[v * 6 + 4] = nrm[v * 3 + 1]; pn[v * 6 + 5] = nrm[v * 3 + 2];
        }
        if ((it.Streams & VertexStreams.Color) != 0)
            MemoryMarshal.AsBytes(prim.Colors.AsSpan()).CopyTo(new Span<byte>(target + it.ColorOffset, n * 16));
        if ((it.Streams & VertexStreams.Uv) != 0)
        {
            var extra = new Span<float>(target + it.ExtraOffset, n * 8);
            for (var v = 0; v < n; v++)
            {
                var o = extra.Slice(v * 8, 8);
                if (prim.Tangents is { } t) { o[0] = t[v * 4]; o[1] = t[v * 4 + 1]; o[2] = t[v * 4 + 2]; o[3] = t[v * 4 + 3]; }
                else { o[0] = 1; o[1] = 0; o[2] = 0; o[3] = 0; } // w = 0: no tangent, normal map skipped
                if (prim.TexCoords0 is { } a) { o[4] = a[v * 2]; o[5] = a[v * 2 + 1]; } else { o[4] = 0; o[5] = 0; }
                if (prim.TexCoords1 is { } b) { o[6] = b[v * 2]; o[7] = b[v * 2 + 1]; } else { o[6] = o[4]; o[7] = o[5]; }
            }
        }
        MemoryMarshal.AsBytes(prim.Indices.AsSpan()).CopyTo(new Span<byte>(target + it.IndexOffset, prim.Indices.Length * 4));
    }

    private static void WriteMaterial(MaterialData m, byte* p)
    {
        var f = (float*)p;
        f[0] = m.BaseColorFactor.X; f[1] = m.BaseColorFactor.Y; f[2] = m.BaseColorFactor.Z; f[3] = m.BaseColorFactor.W;
        f[4] = m.EmissiveFactor.X; f[5] = m.EmissiveFactor.Y; f[6] = m.EmissiveFactor.Z; f[7] = 0;
        f[8] = m.MetallicFactor; f[9] = m.RoughnessFactor; f[10] = m.NormalScale; f[11] = m.OcclusionStrength;
        f[12] = m.AlphaCutoff; f[13] = m.NormalTexture.IsPresent ? 1 : 0; f[14] = 0; f[15] = 0;
        var i = (int*)(p + 64);
        i[0] = m.BaseColorTexture.TexCoord; i[1] = m.MetallicRoughnessTexture.TexCoord; i[2] = m.NormalTexture.TexCoord; i[3] = m.OcclusionTexture.TexCoord;
        i[4] = m.EmissiveTexture.TexCoord; i[5] = 0; i[6] = 0; i[7] = 0;
    }

    private void UploadTextures(ModelData model, GpuModelResources res)
    {
        if (model.Textures.Count == 0) return;
        ulong total = 0;
        foreach (var t in model.Textures) total += (ulong)t.Rgba.Length;
        using var staging = _device.CreateBuffer(new BufferDescription(total, BufferUsage.Staging));
        ulong offset = 0;
        foreach (var t in model.Textures)
        {
            t.Rgba.AsSpan().CopyTo(new Span<byte>(staging.Mapped + offset, t.Rgba.Length));
            offset += (ulong)t.Rgba.Length;
            res.Images.Add(_device.CreateImage(new ImageDescription((uint)t.Width, (uint)t.Height, t.IsSrgb ? PixelFormat.Rgba8Srgb : PixelFormat.Rgba8Unorm, ImageUsage.Texture,
                Mipmapped: SamplerDescription.UsesMipmaps(t.Sampler.MinFilter))));
            res.Samplers.Add(_device.CreateSampler(SamplerDescription.From(t.Sampler)));
        }
        var images = res.Images;
        _submit.Run(cmd =>
        {
            ulong off = 0;
            for (var i = 0; i < images.Count; i++)
            {
                CopyToImage(_device, cmd, staging.Handle, off, images[i]);
                off += (ulong)model.Textures[i].Rgba.Length;
            }
        });
    }

    /// <summary>Copies level 0 from the buffer, generates the other levels with linear blits, and leaves every level shader-readable.</summary>
    internal static void CopyToImage(GpuDevice device, CommandBuffer cmd, Buffer source, ulong offset, GpuImage image)
    {
        var vk = device.Api;
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = 0,
            DstAccessMask = AccessFlags.TransferWriteBit,
            OldLayout = ImageLayout.Undefined,
            NewLayout = ImageLayout.TransferDstOptimal,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = image.Handle,
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = image.MipLevels, LayerCount = 1 },
        };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TopOfPipeBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, &barrier);
        var region = new BufferImageCopy
        {
            BufferOffset = offset,
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D { Width = image.Width, Height = image.Height, Depth = 1 },
        };
        vk.CmdCopyBufferToImage(cmd, source, image.Handle, ImageLayout.TransferDstOptimal, 1, &region);

        int w = (int)image.Width, h = (int)image.Height;
        for (uint level = 1; level < image.MipLevels; level++)
        {
            // previous level: transfer dst -> transfer src
            barrier.SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, BaseMipLevel = level - 1, LevelCount = 1, LayerCount = 1 };
            barrier.OldLayout = ImageLayout.TransferDstOptimal;
            barrier.NewLayout = ImageLayout.TransferSrcOptimal;
            barrier.SrcAccessMask = AccessFlags.TransferWriteBit;
            barrier.DstAccessMask = AccessFlags.TransferReadBit;
            vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, &barrier);
            int nw = Math.Max(1, w / 2), nh = Math.Max(1, h / 2);
            var blit = new ImageBlit
            {
                SrcSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = level - 1, LayerCount = 1 },
                DstSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, MipLevel = level, LayerCount = 1 },
            };
            blit.SrcOffsets.Element1 = new Offset3D { X = w, Y = h, Z = 1 };
            blit.DstOffsets.Element1 = new Offset3D { X = nw, Y = nh, Z = 1 };
            vk.CmdBlitImage(cmd, image.Handle, ImageLayout.TransferSrcOptimal, image.Handle, ImageLayout.TransferDstOptimal, 1, &blit, Filter.Linear);
            // previous level is final
            barrier.OldLayout = ImageLayout.TransferSrcOptimal;
            barrier.NewLayout = ImageLayout.ShaderReadOnlyOptimal;
            barrier.SrcAccessMask = AccessFlags.TransferReadBit;
            barrier.DstAccessMask = AccessFlags.ShaderReadBit;
            vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.FragmentShaderBit, 0, 0, null, 0, null, 1, &barrier);
            w = nw;
            h = nh;
        }
        // last level: transfer dst -> shader read
        barrier.SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, BaseMipLevel = image.MipLevels - 1, LevelCount = 1, LayerCount = 1 };
        barrier.OldLayout = ImageLayout.TransferDstOptimal;
        barrier.NewLayout = ImageLayout.ShaderReadOnlyOptimal;
        barrier.SrcAccessMask = AccessFlags.TransferWriteBit;
        barrier.DstAccessMask = AccessFlags.ShaderReadBit;
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.FragmentShaderBit, 0, 0, null, 0, null, 1, &barrier);
    }

    private void CreateMaterialSets(ModelData model, GpuModelResources res, int count)
    {
        var vk = _device.Api;
        var sizes = stackalloc DescriptorPoolSize[2];
        sizes[0] = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)count };
        sizes[1] = new DescriptorPoolSize { Type = DescriptorType.CombinedImageSampler, DescriptorCount = (uint)(count * PipelineSet.MaterialSamplerCount) };
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)count, PoolSizeCount = 2, PPoolSizes = sizes };
        DescriptorPool pool;
        vk.CreateDescriptorPool(_device.Device, &poolInfo, null, &pool).Check("vkCreateDescriptorPool");
        res.DescriptorPool = pool;
        res.MaterialSets = new DescriptorSet[count];
        var layouts = new DescriptorSetLayout[count];
        Array.Fill(layouts, _pipelines.MaterialSetLayout);
        fixed (DescriptorSetLayout* pl = layouts)
        fixed (DescriptorSet* ps = res.MaterialSets)
        {
            var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = (uint)count, PSetLayouts = pl };
            vk.AllocateDescriptorSets(_device.Device, &alloc, ps).Check("vkAllocateDescriptorSets");
        }
        var writes = stackalloc WriteDescriptorSet[1 + PipelineSet.MaterialSamplerCount];
        var imageInfos = stackalloc DescriptorImageInfo[PipelineSet.MaterialSamplerCount];
        for (var i = 0; i < count; i++)
        {
            var m = i < model.Materials.Count ? model.Materials[i] : null;
            var bufferInfo = new DescriptorBufferInfo { Buffer = res.MaterialUniforms!.Handle, Offset = (ulong)(i * MaterialStride), Range = 96 };
            writes[0] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = res.MaterialSets[i],
                DstBinding = 0,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.UniformBuffer,
                PBufferInfo = &bufferInfo,
            };
            ReadOnlySpan<TextureRef> refs = m is null ? [TextureRef.None, TextureRef.None, TextureRef.None, TextureRef.None, TextureRef.None]
                : [m.BaseColorTexture, m.MetallicRoughnessTexture, m.NormalTexture, m.OcclusionTexture, m.EmissiveTexture];
            for (var b = 0; b < PipelineSet.MaterialSamplerCount; b++)
            {
                var r = refs[b];
                imageInfos[b] = new DescriptorImageInfo
                {
                    Sampler = r.IsPresent ? res.Samplers[r.Texture].Handle : _defaultSampler.Handle,
                    ImageView = r.IsPresent ? res.Images[r.Texture].View : _white.View,
                    ImageLayout = ImageLayout.ShaderReadOnlyOptimal,
                };
                writes[1 + b] = new WriteDescriptorSet
                {
                    SType = StructureType.WriteDescriptorSet,
                    DstSet = res.MaterialSets[i],
                    DstBinding = (uint)(1 + b),
                    DescriptorCount = 1,
                    DescriptorType = DescriptorType.CombinedImageSampler,
                    PImageInfo = &imageInfos[b],
                };
            }
            vk.UpdateDescriptorSets(_device.Device, 1 + PipelineSet.MaterialSamplerCount, writes, 0, null);
        }
    }
}
