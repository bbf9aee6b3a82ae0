using System.Numerics;
using System.Runtime.InteropServices;
using ArrHost.RenderHost.Scene;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>Thrown when model data cannot be uploaded (bad indices, bad textures, ...). The renderer keeps working.</summary>
internal sealed class ModelUploadException(string message) : Exception(message);

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
        Validate(model, _device.Limits.maxImageDimension2D);
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
                        var region = new VkBufferCopy { size = size };
                        _device.Vkd.vkCmdCopyBuffer(cmd, staging.Handle, geometry.Handle, 1, &region);
                        // make the copy visible to vertex/index fetch of later submissions
                        var barrier = new VkMemoryBarrier { srcAccessMask = VkAccessFlags.TransferWrite, dstAccessMask = VkAccessFlags.VertexAttributeRead | VkAccessFlags.IndexRead };
                        _device.Vkd.vkCmdPipelineBarrier(cmd, VkPipelineStageFlags.Transfer, VkPipelineStageFlags.VertexInput, 0, 1, &barrier, 0, null, 0, null);
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
    internal static void CopyToImage(GpuDevice device, VkCommandBuffer cmd, VkBuffer source, ulong offset, GpuImage image)
    {
        var vkd = device.Vkd;
        var barrier = new VkImageMemoryBarrier
        {
            srcAccessMask = 0, dstAccessMask = VkAccessFlags.TransferWrite,
            oldLayout = VkImageLayout.Undefined, newLayout = VkImageLayout.TransferDstOptimal,
            srcQueueFamilyIndex = Vk.VK_QUEUE_FAMILY_IGNORED, dstQueueFamilyIndex = Vk.VK_QUEUE_FAMILY_IGNORED,
            image = image.Handle,
            subresourceRange = new VkImageSubresourceRange { aspectMask = VkImageAspectFlags.Color, levelCount = image.MipLevels, layerCount = 1 },
        };
        vkd.vkCmdPipelineBarrier(cmd, VkPipelineStageFlags.TopOfPipe, VkPipelineStageFlags.Transfer, 0, 0, null, 0, null, 1, &barrier);
        var region = new VkBufferImageCopy
        {
            bufferOffset = offset,
            imageSubresource = new VkImageSubresourceLayers { aspectMask = VkImageAspectFlags.Color, layerCount = 1 },
            imageExtent = new VkExtent3D { width = image.Width, height = image.Height, depth = 1 },
        };
        vkd.vkCmdCopyBufferToImage(cmd, source, image.Handle, VkImageLayout.TransferDstOptimal, 1, &region);

        int w = (int)image.Width, h = (int)image.Height;
        for (uint level = 1; level < image.MipLevels; level++)
        {
            // previous level: transfer dst -> transfer src
            barrier.subresourceRange = new VkImageSubresourceRange { aspectMask = VkImageAspectFlags.Color, baseMipLevel = level - 1, levelCount = 1, layerCount = 1 };
            barrier.oldLayout = VkImageLayout.TransferDstOptimal;
            barrier.newLayout = VkImageLayout.TransferSrcOptimal;
            barrier.srcAccessMask = VkAccessFlags.TransferWrite;
            barrier.dstAccessMask = VkAccessFlags.TransferRead;
            vkd.vkCmdPipelineBarrier(cmd, VkPipelineStageFlags.Transfer, VkPipelineStageFlags.Transfer, 0, 0, null, 0, null, 1, &barrier);
            int nw = Math.Max(1, w / 2), nh = Math.Max(1, h / 2);
            var blit = new VkImageBlit
            {
                srcSubresource = new VkImageSubresourceLayers { aspectMask = VkImageAspectFlags.Color, mipLevel = level - 1, layerCount = 1 },
                dstSubresource = new VkImageSubresourceLayers { aspectMask = VkImageAspectFlags.Color, mipLevel = level, layerCount = 1 },
            };
            blit.srcOffsets[1] = new VkOffset3D { x = w, y = h, z = 1 };
            blit.dstOffsets[1] = new VkOffset3D { x = nw, y = nh, z = 1 };
            vkd.vkCmdBlitImage(cmd, image.Handle, VkImageLayout.TransferSrcOptimal, image.Handle, VkImageLayout.TransferDstOptimal, 1, &blit, VkFilter.Linear);
            // previous level is final
            barrier.oldLayout = VkImageLayout.TransferSrcOptimal;
            barrier.newLayout = VkImageLayout.ShaderReadOnlyOptimal;
            barrier.srcAccessMask = VkAccessFlags.TransferRead;
            barrier.dstAccessMask = VkAccessFlags.ShaderRead;
            vkd.vkCmdPipelineBarrier(cmd, VkPipelineStageFlags.Transfer, VkPipelineStageFlags.FragmentShader, 0, 0, null, 0, null, 1, &barrier);
            w = nw;
            h = nh;
        }
        // last level: transfer dst -> shader read
        barrier.subresourceRange = new VkImageSubresourceRange { aspectMask = VkImageAspectFlags.Color, baseMipLevel = image.MipLevels - 1, levelCount = 1, layerCount = 1 };
        barrier.oldLayout = VkImageLayout.TransferDstOptimal;
        barrier.newLayout = VkImageLayout.ShaderReadOnlyOptimal;
        barrier.srcAccessMask = VkAccessFlags.TransferWrite;
        barrier.dstAccessMask = VkAccessFlags.ShaderRead;
        vkd.vkCmdPipelineBarrier(cmd, VkPipelineStageFlags.Transfer, VkPipelineStageFlags.FragmentShader, 0, 0, null, 0, null, 1, &barrier);
    }

    private void CreateMaterialSets(ModelData model, GpuModelResources res, int count)
    {
        var vkd = _device.Vkd;
        var sizes = stackalloc VkDescriptorPoolSize[2];
        sizes[0] = new VkDescriptorPoolSize { type = VkDescriptorType.UniformBuffer, descriptorCount = (uint)count };
        sizes[1] = new VkDescriptorPoolSize { type = VkDescriptorType.CombinedImageSampler, descriptorCount = (uint)(count * PipelineSet.MaterialSamplerCount) };
        var poolInfo = new VkDescriptorPoolCreateInfo { maxSets = (uint)count, poolSizeCount = 2, pPoolSizes = sizes };
        VkDescriptorPool pool;
        vkd.vkCreateDescriptorPool(_device.Device, &poolInfo, null, &pool);
        res.DescriptorPool = pool;
        res.MaterialSets = new VkDescriptorSet[count];
        var layouts = new VkDescriptorSetLayout[count];
        Array.Fill(layouts, _pipelines.MaterialSetLayout);
        fixed (VkDescriptorSetLayout* pl = layouts)
        fixed (VkDescriptorSet* ps = res.MaterialSets)
        {
            var alloc = new VkDescriptorSetAllocateInfo { descriptorPool = pool, descriptorSetCount = (uint)count, pSetLayouts = pl };
            vkd.vkAllocateDescriptorSets(_device.Device, &alloc, ps);
        }
        var writes = stackalloc VkWriteDescriptorSet[1 + PipelineSet.MaterialSamplerCount];
        var imageInfos = stackalloc VkDescriptorImageInfo[PipelineSet.MaterialSamplerCount];
        for (var i = 0; i < count; i++)
        {
            var m = i < model.Materials.Count ? model.Materials[i] : null;
            var bufferInfo = new VkDescriptorBufferInfo { buffer = res.MaterialUniforms!.Handle, offset = (ulong)(i * MaterialStride), range = 96 };
            writes[0] = new VkWriteDescriptorSet
            {
                dstSet = res.MaterialSets[i], dstBinding = 0, descriptorCount = 1, descriptorType = VkDescriptorType.UniformBuffer, pBufferInfo = &bufferInfo,
            };
            ReadOnlySpan<TextureRef> refs = m is null ? [TextureRef.None, TextureRef.None, TextureRef.None, TextureRef.None, TextureRef.None]
                : [m.BaseColorTexture, m.MetallicRoughnessTexture, m.NormalTexture, m.OcclusionTexture, m.EmissiveTexture];
            for (var b = 0; b < PipelineSet.MaterialSamplerCount; b++)
            {
                var r = refs[b];
                imageInfos[b] = new VkDescriptorImageInfo
                {
                    sampler = r.IsPresent ? res.Samplers[r.Texture].Handle : _defaultSampler.Handle,
                    imageView = r.IsPresent ? res.Images[r.Texture].View : _white.View,
                    imageLayout = VkImageLayout.ShaderReadOnlyOptimal,
                };
                writes[1 + b] = new VkWriteDescriptorSet
                {
                    dstSet = res.MaterialSets[i], dstBinding = (uint)(1 + b), descriptorCount = 1,
                    descriptorType = VkDescriptorType.CombinedImageSampler, pImageInfo = &imageInfos[b],
                };
            }
            vkd.vkUpdateDescriptorSets(_device.Device, 1 + PipelineSet.MaterialSamplerCount, writes, 0, null);
        }
    }
}

/// <summary>Records and runs one-off command buffers (uploads) with a bounded fence wait.</summary>
internal sealed unsafe class ImmediateSubmitter : IDisposable
{
    private readonly GpuDevice _device;
    private readonly VkCommandPool _pool;
    private readonly VkCommandBuffer _cmd;
    private readonly VkFence _fence;
    private readonly ulong _timeoutNs;

    public ImmediateSubmitter(GpuDevice device, TimeSpan timeout)
    {
        _device = device;
        _timeoutNs = (ulong)timeout.Ticks * 100;
        var vkd = device.Vkd;
        var poolInfo = new VkCommandPoolCreateInfo { flags = VkCommandPoolCreateFlags.ResetCommandBuffer, queueFamilyIndex = device.QueueFamily };
        VkCommandPool pool;
        vkd.vkCreateCommandPool(device.Device, &poolInfo, null, &pool);
        _pool = pool;
        var alloc = new VkCommandBufferAllocateInfo { commandPool = pool, level = VkCommandBufferLevel.Primary, commandBufferCount = 1 };
        VkCommandBuffer cmd;
        vkd.vkAllocateCommandBuffers(device.Device, &alloc, &cmd);
        _cmd = cmd;
        var fenceInfo = new VkFenceCreateInfo();
        VkFence fence;
        vkd.vkCreateFence(device.Device, &fenceInfo, null, &fence);
        _fence = fence;
    }

    public void Run(Action<VkCommandBuffer> record)
    {
        var vkd = _device.Vkd;
        vkd.vkResetCommandBuffer(_cmd, 0);
        var begin = new VkCommandBufferBeginInfo { flags = VkCommandBufferUsageFlags.OneTimeSubmit };
        vkd.vkBeginCommandBuffer(_cmd, &begin);
        record(_cmd);
        vkd.vkEndCommandBuffer(_cmd);
        var cmd = _cmd;
        var submit = new VkSubmitInfo { commandBufferCount = 1, pCommandBuffers = &cmd };
        var fence = _fence;
        vkd.vkResetFences(_device.Device, 1, &fence);
        _device.Submit(&submit, fence);
        if (vkd.vkWaitForFences(_device.Device, 1, &fence, VkBool32.True, _timeoutNs) == VkResult.Timeout)
            throw new TimeoutException("An upload did not finish within the fence timeout.");
    }

    public void Dispose()
    {
        var vkd = _device.Vkd;
        vkd.vkDestroyFence(_device.Device, _fence, null);
        vkd.vkDestroyCommandPool(_device.Device, _pool, null);
    }
}
