using System.Runtime.InteropServices;
using ArrHost.RenderHost.Scene;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>Vertex streams a primitive has: selects the shader variant.</summary>
[Flags]
internal enum VertexStreams { PositionNormal = 0, Color = 1, Uv = 2 }

/// <summary>Where untextured materials are shaded.</summary>
internal enum ShadingMode
{
    /// <summary>PerVertex on CPU devices (lavapipe), PerPixel on GPUs.</summary>
    Auto,
    /// <summary>Metallic-roughness per pixel (default).</summary>
    PerPixel,
    /// <summary>
    /// The cheap mode for CPU rasterisers: untextured materials are shaded per vertex, and the
    /// colour target is UNORM with shaders writing sRGB-encoded values (vertex-lit colours are
    /// encoded per vertex and interpolated, BLEND mixes encoded values). Textured materials stay per pixel.
    /// </summary>
    PerVertex,
}

/// <summary>
/// The render pass, descriptor-set and pipeline layouts, and every graphics pipeline
/// (one per vertex-stream variant x alpha mode x double-sided), created on demand outside the frame loop.
/// </summary>
internal sealed unsafe class PipelineSet : IDisposable
{
    public const int PushConstantSize = 112;
    public const int MaterialSamplerCount = 5;

    private readonly GpuDevice _device;
    private readonly Dictionary<int, VkPipeline> _pipelines = new();
    private readonly VkShaderModule[] _vertexModules = new VkShaderModule[6];
    private readonly VkShaderModule[] _fragmentModules = new VkShaderModule[6];
    private readonly VkShaderModule _checkerVertex;
    private readonly VkShaderModule _checkerFragment;

    internal VkRenderPass RenderPass { get; }
    internal VkDescriptorSetLayout FrameSetLayout { get; }
    internal VkDescriptorSetLayout MaterialSetLayout { get; }
    internal VkPipelineLayout Layout { get; }
    internal VkPipeline Checker { get; }

    /// <summary>Pipeline key: vertex streams (bits 0-1), alpha mode (2-3), double-sided (4), vertex-lit (5).</summary>
    public static int Key(VertexStreams streams, AlphaMode alpha, bool doubleSided, bool vertexLit) =>
        (int)streams | ((int)alpha << 2) | (doubleSided ? 16 : 0) | (vertexLit && (streams & VertexStreams.Uv) == 0 ? 32 : 0);

    // index = streams, or 4 + streams for the vertex-lit variants (no UV stream)
    private static readonly string[] VariantNames = ["mesh_plain", "mesh_color", "mesh_uv", "mesh_color_uv", "mesh_plain_vl", "mesh_color_vl"];

    /// <summary>The colour target format: R8G8B8A8_SRGB, or UNORM when the shaders encode (<paramref name="encodeSrgb"/>).</summary>
    internal PixelFormat ColorFormat { get; }
    private readonly bool _encodeSrgb;

    public PipelineSet(GpuDevice device, bool encodeSrgb = false)
    {
        _device = device;
        _encodeSrgb = encodeSrgb;
        ColorFormat = encodeSrgb ? PixelFormat.Rgba8Unorm : PixelFormat.Rgba8Srgb;
        var vkd = device.Vkd;
        var dev = device.Device;
        try
        {
            RenderPass = CreateRenderPass();

            var frameBinding = new VkDescriptorSetLayoutBinding
            {
                binding = 0, descriptorType = VkDescriptorType.UniformBuffer, descriptorCount = 1,
                stageFlags = VkShaderStageFlags.Vertex | VkShaderStageFlags.Fragment,
            };
            var frameInfo = new VkDescriptorSetLayoutCreateInfo { bindingCount = 1, pBindings = &frameBinding };
            VkDescriptorSetLayout frameLayout;
            vkd.vkCreateDescriptorSetLayout(dev, &frameInfo, null, &frameLayout);
            FrameSetLayout = frameLayout;

            var materialBindings = stackalloc VkDescriptorSetLayoutBinding[1 + MaterialSamplerCount];
            materialBindings[0] = new VkDescriptorSetLayoutBinding
            {
                binding = 0, descriptorType = VkDescriptorType.UniformBuffer, descriptorCount = 1,
                stageFlags = VkShaderStageFlags.Vertex | VkShaderStageFlags.Fragment,
            };
            for (uint i = 1; i <= MaterialSamplerCount; i++)
                materialBindings[i] = new VkDescriptorSetLayoutBinding
                {
                    binding = i, descriptorType = VkDescriptorType.CombinedImageSampler, descriptorCount = 1, stageFlags = VkShaderStageFlags.Fragment,
                };
            var materialInfo = new VkDescriptorSetLayoutCreateInfo { bindingCount = 1 + MaterialSamplerCount, pBindings = materialBindings };
            VkDescriptorSetLayout materialLayout;
            vkd.vkCreateDescriptorSetLayout(dev, &materialInfo, null, &materialLayout);
            MaterialSetLayout = materialLayout;

            var setLayouts = stackalloc VkDescriptorSetLayout[2] { frameLayout, materialLayout };
            var push = new VkPushConstantRange { stageFlags = VkShaderStageFlags.Vertex, offset = 0, size = PushConstantSize };
            var layoutInfo = new VkPipelineLayoutCreateInfo { setLayoutCount = 2, pSetLayouts = setLayouts, pushConstantRangeCount = 1, pPushConstantRanges = &push };
            VkPipelineLayout layout;
            vkd.vkCreatePipelineLayout(dev, &layoutInfo, null, &layout);
            Layout = layout;

            for (var i = 0; i < VariantNames.Length; i++)
            {
                _vertexModules[i] = device.CreateShaderModule(GpuDevice.LoadSpirv(VariantNames[i] + ".vert"));
                _fragmentModules[i] = device.CreateShaderModule(GpuDevice.LoadSpirv(VariantNames[i] + ".frag"));
            }
            _checkerVertex = device.CreateShaderModule(GpuDevice.LoadSpirv("checker.vert"));
            _checkerFragment = device.CreateShaderModule(GpuDevice.LoadSpirv("checker.frag"));
            Checker = CreatePipeline(_checkerVertex, _checkerFragment, null, AlphaMode.Opaque, true, false);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private VkRenderPass CreateRenderPass()
    {
        var attachments = stackalloc VkAttachmentDescription[2];
        attachments[0] = new VkAttachmentDescription
        {
            format = GpuImage.ToVk(ColorFormat),
            samples = VkSampleCountFlags.Count1,
            loadOp = VkAttachmentLoadOp.Clear,
            storeOp = VkAttachmentStoreOp.Store,
            stencilLoadOp = VkAttachmentLoadOp.DontCare,
            stencilStoreOp = VkAttachmentStoreOp.DontCare,
            initialLayout = VkImageLayout.Undefined,
            finalLayout = VkImageLayout.TransferSrcOptimal,
        };
        attachments[1] = new VkAttachmentDescription
        {
            format = VkFormat.D32Sfloat,
            samples = VkSampleCountFlags.Count1,
            loadOp = VkAttachmentLoadOp.Clear,
            storeOp = VkAttachmentStoreOp.DontCare,
            stencilLoadOp = VkAttachmentLoadOp.DontCare,
            stencilStoreOp = VkAttachmentStoreOp.DontCare,
            initialLayout = VkImageLayout.Undefined,
            finalLayout = VkImageLayout.DepthStencilAttachmentOptimal,
        };
        var colorRef = new VkAttachmentReference { attachment = 0, layout = VkImageLayout.ColorAttachmentOptimal };
        var depthRef = new VkAttachmentReference { attachment = 1, layout = VkImageLayout.DepthStencilAttachmentOptimal };
        var subpass = new VkSubpassDescription
        {
            pipelineBindPoint = VkPipelineBindPoint.Graphics,
            colorAttachmentCount = 1,
            pColorAttachments = &colorRef,
            pDepthStencilAttachment = &depthRef,
        };
        var deps = stackalloc VkSubpassDependency[2];
        deps[0] = new VkSubpassDependency
        {
            srcSubpass = Vk.VK_SUBPASS_EXTERNAL,
            dstSubpass = 0,
            srcStageMask = VkPipelineStageFlags.ColorAttachmentOutput | VkPipelineStageFlags.EarlyFragmentTests | VkPipelineStageFlags.LateFragmentTests | VkPipelineStageFlags.Transfer,
            dstStageMask = VkPipelineStageFlags.ColorAttachmentOutput | VkPipelineStageFlags.EarlyFragmentTests | VkPipelineStageFlags.LateFragmentTests,
            srcAccessMask = VkAccessFlags.TransferRead | VkAccessFlags.DepthStencilAttachmentWrite,
            dstAccessMask = VkAccessFlags.ColorAttachmentWrite | VkAccessFlags.DepthStencilAttachmentWrite | VkAccessFlags.DepthStencilAttachmentRead,
        };
        deps[1] = new VkSubpassDependency
        {
            srcSubpass = 0,
            dstSubpass = Vk.VK_SUBPASS_EXTERNAL,
            srcStageMask = VkPipelineStageFlags.ColorAttachmentOutput,
            dstStageMask = VkPipelineStageFlags.Transfer,
            srcAccessMask = VkAccessFlags.ColorAttachmentWrite,
            dstAccessMask = VkAccessFlags.TransferRead,
        };
        var info = new VkRenderPassCreateInfo
        {
            attachmentCount = 2, pAttachments = attachments, subpassCount = 1, pSubpasses = &subpass, dependencyCount = 2, pDependencies = deps,
        };
        VkRenderPass pass;
        _device.Vkd.vkCreateRenderPass(_device.Device, &info, null, &pass);
        return pass;
    }

    /// <summary>The pipeline for a key; creates it on first use (called from uploads, never in the frame loop).</summary>
    public VkPipeline Get(int key)
    {
        if (_pipelines.TryGetValue(key, out var p)) return p;
        var streams = (VertexStreams)(key & 3);
        var alpha = (AlphaMode)((key >> 2) & 3);
        var doubleSided = (key & 16) != 0;
        var module = (key & 32) != 0 ? 4 + (int)streams : (int)streams;
        p = CreatePipeline(_vertexModules[module], _fragmentModules[module], streams, alpha, doubleSided, true);
        _pipelines[key] = p;
        return p;
    }

    /// <summary>Looks up an existing pipeline (frame loop).</summary>
    public VkPipeline Existing(int key) => _pipelines[key];

    private VkPipeline CreatePipeline(VkShaderModule vs, VkShaderModule fs, VertexStreams? streams, AlphaMode alpha, bool doubleSided, bool depth)
    {
        var main = "main"u8;
        fixed (byte* entry = main)
        {
            // constant 0: ALPHA_MODE (fragment), constant 1: ENCODE_SRGB (both stages)
            var specData = stackalloc uint[2] { (uint)alpha, _encodeSrgb ? 1u : 0u };
            var specEntries = stackalloc VkSpecializationMapEntry[2];
            specEntries[0] = new VkSpecializationMapEntry { constantID = 0, offset = 0, size = 4 };
            specEntries[1] = new VkSpecializationMapEntry { constantID = 1, offset = 4, size = 4 };
            var fragSpec = new VkSpecializationInfo { mapEntryCount = 2, pMapEntries = specEntries, dataSize = 8, pData = specData };
            var vertSpec = new VkSpecializationInfo { mapEntryCount = 1, pMapEntries = specEntries + 1, dataSize = 8, pData = specData };
            var stages = stackalloc VkPipelineShaderStageCreateInfo[2];
            stages[0] = new VkPipelineShaderStageCreateInfo { stage = VkShaderStageFlags.Vertex, module = vs, pName = entry, pSpecializationInfo = &vertSpec };
            stages[1] = new VkPipelineShaderStageCreateInfo { stage = VkShaderStageFlags.Fragment, module = fs, pName = entry, pSpecializationInfo = &fragSpec };

            var bindings = stackalloc VkVertexInputBindingDescription[4];
            var attributes = stackalloc VkVertexInputAttributeDescription[5];
            uint nb = 0, na = 0;
            if (streams is { } s)
            {
                bindings[nb++] = new VkVertexInputBindingDescription { binding = 0, stride = 24, inputRate = VkVertexInputRate.Vertex };
                attributes[na++] = new VkVertexInputAttributeDescription { location = 0, binding = 0, format = VkFormat.R32G32B32Sfloat, offset = 0 };
                attributes[na++] = new VkVertexInputAttributeDescription { location = 1, binding = 0, format = VkFormat.R32G32B32Sfloat, offset = 12 };
                if ((s & VertexStreams.Color) != 0)
                {
                    bindings[nb++] = new VkVertexInputBindingDescription { binding = 2, stride = 16, inputRate = VkVertexInputRate.Vertex };
                    attributes[na++] = new VkVertexInputAttributeDescription { location = 2, binding = 2, format = VkFormat.R32G32B32A32Sfloat };
                }
                if ((s & VertexStreams.Uv) != 0)
                {
                    bindings[nb++] = new VkVertexInputBindingDescription { binding = 3, stride = 32, inputRate = VkVertexInputRate.Vertex };
                    attributes[na++] = new VkVertexInputAttributeDescription { location = 3, binding = 3, format = VkFormat.R32G32B32A32Sfloat, offset = 0 };
                    attributes[na++] = new VkVertexInputAttributeDescription { location = 4, binding = 3, format = VkFormat.R32G32B32A32Sfloat, offset = 16 };
                }
            }
            var vertexInput = new VkPipelineVertexInputStateCreateInfo
            {
                vertexBindingDescriptionCount = nb, pVertexBindingDescriptions = bindings,
                vertexAttributeDescriptionCount = na, pVertexAttributeDescriptions = attributes,
            };
            var inputAssembly = new VkPipelineInputAssemblyStateCreateInfo { topology = VkPrimitiveTopology.TriangleList };
            var viewport = new VkPipelineViewportStateCreateInfo { viewportCount = 1, scissorCount = 1 };
            var raster = new VkPipelineRasterizationStateCreateInfo
            {
                polygonMode = VkPolygonMode.Fill,
                cullMode = doubleSided ? VkCullModeFlags.None : VkCullModeFlags.Back,
                // glTF front faces are counter-clockwise; the projection flips Y, which keeps CCW in Vulkan's framebuffer terms.
                frontFace = VkFrontFace.CounterClockwise,
                lineWidth = 1f,
            };
            var multisample = new VkPipelineMultisampleStateCreateInfo { rasterizationSamples = VkSampleCountFlags.Count1 };
            var depthState = new VkPipelineDepthStencilStateCreateInfo
            {
                depthTestEnable = depth,
                depthWriteEnable = depth && alpha != AlphaMode.Blend,
                depthCompareOp = VkCompareOp.LessOrEqual,
            };
            var blend = new VkPipelineColorBlendAttachmentState
            {
                blendEnable = alpha == AlphaMode.Blend,
                srcColorBlendFactor = VkBlendFactor.SrcAlpha,
                dstColorBlendFactor = VkBlendFactor.OneMinusSrcAlpha,
                colorBlendOp = VkBlendOp.Add,
                srcAlphaBlendFactor = VkBlendFactor.One,
                dstAlphaBlendFactor = VkBlendFactor.OneMinusSrcAlpha,
                alphaBlendOp = VkBlendOp.Add,
                colorWriteMask = VkColorComponentFlags.R | VkColorComponentFlags.G | VkColorComponentFlags.B | VkColorComponentFlags.A,
            };
            var colorBlend = new VkPipelineColorBlendStateCreateInfo { attachmentCount = 1, pAttachments = &blend };
            var dynamicStates = stackalloc VkDynamicState[2] { VkDynamicState.Viewport, VkDynamicState.Scissor };
            var dynamic = new VkPipelineDynamicStateCreateInfo { dynamicStateCount = 2, pDynamicStates = dynamicStates };
            var info = new VkGraphicsPipelineCreateInfo
            {
                stageCount = 2, pStages = stages,
                pVertexInputState = &vertexInput, pInputAssemblyState = &inputAssembly, pViewportState = &viewport,
                pRasterizationState = &raster, pMultisampleState = &multisample, pDepthStencilState = &depthState,
                pColorBlendState = &colorBlend, pDynamicState = &dynamic,
                layout = Layout, renderPass = RenderPass, subpass = 0,
            };
            VkPipeline pipeline;
            _device.Vkd.vkCreateGraphicsPipelines(_device.Device, default, 1, &info, null, &pipeline);
            return pipeline;
        }
    }

    public void Dispose()
    {
        var vkd = _device.Vkd;
        var dev = _device.Device;
        foreach (var p in _pipelines.Values) vkd.vkDestroyPipeline(dev, p, null);
        _pipelines.Clear();
        if (Checker.IsNotNull) vkd.vkDestroyPipeline(dev, Checker, null);
        foreach (var m in _vertexModules.Concat(_fragmentModules).Append(_checkerVertex).Append(_checkerFragment))
            if (m.IsNotNull) vkd.vkDestroyShaderModule(dev, m, null);
        if (Layout.IsNotNull) vkd.vkDestroyPipelineLayout(dev, Layout, null);
        if (MaterialSetLayout.IsNotNull) vkd.vkDestroyDescriptorSetLayout(dev, MaterialSetLayout, null);
        if (FrameSetLayout.IsNotNull) vkd.vkDestroyDescriptorSetLayout(dev, FrameSetLayout, null);
        if (RenderPass.IsNotNull) vkd.vkDestroyRenderPass(dev, RenderPass, null);
    }
}
