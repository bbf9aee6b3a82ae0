using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// The render pass, descriptor-set and pipeline layouts, and every graphics pipeline
/// (one per vertex-stream variant x alpha mode x double-sided), created on demand outside the frame loop.
/// </summary>
internal sealed unsafe class PipelineSet : IDisposable
{
    public const int PushConstantSize = 112;
    public const int MaterialSamplerCount = 5;

    private readonly GpuDevice _device;
    private readonly Dictionary<int, Pipeline> _pipelines = new();
    private readonly ShaderModule[] _vertexModules = new ShaderModule[6];
    private readonly ShaderModule[] _fragmentModules = new ShaderModule[6];
    private readonly ShaderModule _checkerVertex;
    private readonly ShaderModule _checkerFragment;

    internal RenderPass RenderPass { get; }
    internal DescriptorSetLayout FrameSetLayout { get; }
    internal DescriptorSetLayout MaterialSetLayout { get; }
    internal PipelineLayout Layout { get; }
    internal Pipeline Checker { get; }

    /// <summary>Pipeline key: vertex streams (bits 0-1), alpha mode (2-3), double-sided (4), vertex-lit (5).</summary>
    public static int Key(VertexStreams streams, AlphaMode alpha, bool doubleSided, bool vertexLit) =>
        (int)streams | ((int)alpha << 2) | (doubleSided ? 16 : 0) | (vertexLit && (streams & VertexStreams.Uv) == 0 ? 32 : 0);

    // index = streams, or 4 + streams for the vertex-lit variants (no UV stream)
    private static readonly string[] s_variantNames = ["mesh_plain", "mesh_color", "mesh_uv", "mesh_color_uv", "mesh_plain_vl", "mesh_color_vl"];

    /// <summary>The colour target format: R8G8B8A8_SRGB, or UNORM when the shaders encode sRGB themselves (per-vertex shading).</summary>
    internal PixelFormat ColorFormat { get; }
    private readonly bool _encodeSrgb;

    public PipelineSet(GpuDevice device, bool encodeSrgb = false)
    {
        _device = device;
        _encodeSrgb = encodeSrgb;
        ColorFormat = encodeSrgb ? PixelFormat.Rgba8Unorm : PixelFormat.Rgba8Srgb;
        var vk = device.Api;
        var dev = device.Device;
        try
        {
            RenderPass = CreateRenderPass();

            var frameBinding = new DescriptorSetLayoutBinding
            {
                Binding = 0,
                DescriptorType = DescriptorType.UniformBuffer,
                DescriptorCount = 1,
                StageFlags = ShaderStageFlags.VertexBit | ShaderStageFlags.FragmentBit,
            };
            var frameInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = 1, PBindings = &frameBinding };
            DescriptorSetLayout frameLayout;
            vk.CreateDescriptorSetLayout(dev, &frameInfo, null, &frameLayout).Check("vkCreateDescriptorSetLayout");
            FrameSetLayout = frameLayout;

            var materialBindings = stackalloc DescriptorSetLayoutBinding[1 + MaterialSamplerCount];
            materialBindings[0] = new DescriptorSetLayoutBinding
            {
                Binding = 0,
                DescriptorType = DescriptorType.UniformBuffer,
                DescriptorCount = 1,
                StageFlags = ShaderStageFlags.VertexBit | ShaderStageFlags.FragmentBit,
            };
            for (uint i = 1; i <= MaterialSamplerCount; i++)
                materialBindings[i] = new DescriptorSetLayoutBinding
                {
                    Binding = i,
                    DescriptorType = DescriptorType.CombinedImageSampler,
                    DescriptorCount = 1,
                    StageFlags = ShaderStageFlags.FragmentBit,
                };
            var materialInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = 1 + MaterialSamplerCount, PBindings = materialBindings };
            DescriptorSetLayout materialLayout;
            vk.CreateDescriptorSetLayout(dev, &materialInfo, null, &materialLayout).Check("vkCreateDescriptorSetLayout");
            MaterialSetLayout = materialLayout;

            var setLayouts = stackalloc DescriptorSetLayout[2] { frameLayout, materialLayout };
            var push = new PushConstantRange { StageFlags = ShaderStageFlags.VertexBit, Offset = 0, Size = PushConstantSize };
            var layoutInfo = new PipelineLayoutCreateInfo { SType = StructureType.PipelineLayoutCreateInfo, SetLayoutCount = 2, PSetLayouts = setLayouts, PushConstantRangeCount = 1, PPushConstantRanges = &push };
            PipelineLayout layout;
            vk.CreatePipelineLayout(dev, &layoutInfo, null, &layout).Check("vkCreatePipelineLayout");
            Layout = layout;

            for (var i = 0; i < s_variantNames.Length; i++)
            {
                _vertexModules[i] = device.CreateShaderModule(GpuDevice.LoadSpirv(s_variantNames[i] + ".vert"));
                _fragmentModules[i] = device.CreateShaderModule(GpuDevice.LoadSpirv(s_variantNames[i] + ".frag"));
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

    private RenderPass CreateRenderPass()
    {
        var attachments = stackalloc AttachmentDescription[2];
        attachments[0] = new AttachmentDescription
        {
            Format = GpuImage.ToVk(ColorFormat),
            Samples = SampleCountFlags.Count1Bit,
            LoadOp = AttachmentLoadOp.Clear,
            StoreOp = AttachmentStoreOp.Store,
            StencilLoadOp = AttachmentLoadOp.DontCare,
            StencilStoreOp = AttachmentStoreOp.DontCare,
            InitialLayout = ImageLayout.Undefined,
            FinalLayout = ImageLayout.TransferSrcOptimal,
        };
        attachments[1] = new AttachmentDescription
        {
            Format = Format.D32Sfloat,
            Samples = SampleCountFlags.Count1Bit,
            LoadOp = AttachmentLoadOp.Clear,
            StoreOp = AttachmentStoreOp.DontCare,
            StencilLoadOp = AttachmentLoadOp.DontCare,
            StencilStoreOp = AttachmentStoreOp.DontCare,
            InitialLayout = ImageLayout.Undefined,
            FinalLayout = ImageLayout.DepthStencilAttachmentOptimal,
        };
        var colorRef = new AttachmentReference { Attachment = 0, Layout = ImageLayout.ColorAttachmentOptimal };
        var depthRef = new AttachmentReference { Attachment = 1, Layout = ImageLayout.DepthStencilAttachmentOptimal };
        var subpass = new SubpassDescription
        {
            PipelineBindPoint = PipelineBindPoint.Graphics,
            ColorAttachmentCount = 1,
            PColorAttachments = &colorRef,
            PDepthStencilAttachment = &depthRef,
        };
        var deps = stackalloc SubpassDependency[2];
        deps[0] = new SubpassDependency
        {
            SrcSubpass = Vk.SubpassExternal,
            DstSubpass = 0,
            SrcStageMask = PipelineStageFlags.ColorAttachmentOutputBit | PipelineStageFlags.EarlyFragmentTestsBit | PipelineStageFlags.LateFragmentTestsBit | PipelineStageFlags.TransferBit,
            DstStageMask = PipelineStageFlags.ColorAttachmentOutputBit | PipelineStageFlags.EarlyFragmentTestsBit | PipelineStageFlags.LateFragmentTestsBit,
            SrcAccessMask = AccessFlags.TransferReadBit | AccessFlags.DepthStencilAttachmentWriteBit,
            DstAccessMask = AccessFlags.ColorAttachmentWriteBit | AccessFlags.DepthStencilAttachmentWriteBit | AccessFlags.DepthStencilAttachmentReadBit,
        };
        deps[1] = new SubpassDependency
        {
            SrcSubpass = 0,
            DstSubpass = Vk.SubpassExternal,
            SrcStageMask = PipelineStageFlags.ColorAttachmentOutputBit,
            DstStageMask = PipelineStageFlags.TransferBit,
            SrcAccessMask = AccessFlags.ColorAttachmentWriteBit,
            DstAccessMask = AccessFlags.TransferReadBit,
        };
        var info = new RenderPassCreateInfo
        {
            SType = StructureType.RenderPassCreateInfo,
            AttachmentCount = 2,
            PAttachments = attachments,
            SubpassCount = 1,
            PSubpasses = &subpass,
            DependencyCount = 2,
            PDependencies = deps,
        };
        RenderPass pass;
        _device.Api.CreateRenderPass(_device.Device, &info, null, &pass).Check("vkCreateRenderPass");
        return pass;
    }

    /// <summary>The pipeline for a key; creates it on first use (called from uploads, never in the frame loop).</summary>
    public Pipeline Get(int key)
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
    public Pipeline Existing(int key) => _pipelines[key];

    private Pipeline CreatePipeline(ShaderModule vs, ShaderModule fs, VertexStreams? streams, AlphaMode alpha, bool doubleSided, bool depth)
    {
        var main = "main"u8;
        fixed (byte* entry = main)
        {
            // constant 0: ALPHA_MODE (fragment), constant 1: ENCODE_SRGB (both stages)
            var specData = stackalloc uint[2] { (uint)alpha, _encodeSrgb ? 1u : 0u };
            var specEntries = stackalloc SpecializationMapEntry[2];
            specEntries[0] = new SpecializationMapEntry { ConstantID = 0, Offset = 0, Size = 4 };
            specEntries[1] = new SpecializationMapEntry { ConstantID = 1, Offset = 4, Size = 4 };
            var fragSpec = new SpecializationInfo { MapEntryCount = 2, PMapEntries = specEntries, DataSize = 8, PData = specData };
            var vertSpec = new SpecializationInfo { MapEntryCount = 1, PMapEntries = specEntries + 1, DataSize = 8, PData = specData };
            var stages = stackalloc PipelineShaderStageCreateInfo[2];
            stages[0] = new PipelineShaderStageCreateInfo { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.VertexBit, Module = vs, PName = entry, PSpecializationInfo = &vertSpec };
            stages[1] = new PipelineShaderStageCreateInfo { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.FragmentBit, Module = fs, PName = entry, PSpecializationInfo = &fragSpec };

            var bindings = stackalloc VertexInputBindingDescription[4];
            var attributes = stackalloc VertexInputAttributeDescription[5];
            uint nb = 0, na = 0;
            if (streams is { } s)
            {
                bindings[nb++] = new VertexInputBindingDescription { Binding = 0, Stride = 24, InputRate = VertexInputRate.Vertex };
                attributes[na++] = new VertexInputAttributeDescription { Location = 0, Binding = 0, Format = Format.R32G32B32Sfloat, Offset = 0 };
                attributes[na++] = new VertexInputAttributeDescription { Location = 1, Binding = 0, Format = Format.R32G32B32Sfloat, Offset = 12 };
                if ((s & VertexStreams.Color) != 0)
                {
                    bindings[nb++] = new VertexInputBindingDescription { Binding = 2, Stride = 16, InputRate = VertexInputRate.Vertex };
                    attributes[na++] = new VertexInputAttributeDescription { Location = 2, Binding = 2, Format = Format.R32G32B32A32Sfloat };
                }
                if ((s & VertexStreams.Uv) != 0)
                {
                    bindings[nb++] = new VertexInputBindingDescription { Binding = 3, Stride = 32, InputRate = VertexInputRate.Vertex };
                    attributes[na++] = new VertexInputAttributeDescription { Location = 3, Binding = 3, Format = Format.R32G32B32A32Sfloat, Offset = 0 };
                    attributes[na++] = new VertexInputAttributeDescription { Location = 4, Binding = 3, Format = Format.R32G32B32A32Sfloat, Offset = 16 };
                }
            }
            var vertexInput = new PipelineVertexInputStateCreateInfo
            {
                SType = StructureType.PipelineVertexInputStateCreateInfo,
                VertexBindingDescriptionCount = nb,
                PVertexBindingDescriptions = bindings,
                VertexAttributeDescriptionCount = na,
                PVertexAttributeDescriptions = attributes,
            };
            var inputAssembly = new PipelineInputAssemblyStateCreateInfo { SType = StructureType.PipelineInputAssemblyStateCreateInfo, Topology = PrimitiveTopology.TriangleList };
            var viewport = new PipelineViewportStateCreateInfo { SType = StructureType.PipelineViewportStateCreateInfo, ViewportCount = 1, ScissorCount = 1 };
            var raster = new PipelineRasterizationStateCreateInfo
            {
                SType = StructureType.PipelineRasterizationStateCreateInfo,
                PolygonMode = PolygonMode.Fill,
                CullMode = doubleSided ? CullModeFlags.None : CullModeFlags.BackBit,
                // glTF front faces are counter-clockwise; the projection flips Y, which keeps CCW in Vulkan's framebuffer terms.
                FrontFace = FrontFace.CounterClockwise,
                LineWidth = 1f,
            };
            var multisample = new PipelineMultisampleStateCreateInfo { SType = StructureType.PipelineMultisampleStateCreateInfo, RasterizationSamples = SampleCountFlags.Count1Bit };
            var depthState = new PipelineDepthStencilStateCreateInfo
            {
                SType = StructureType.PipelineDepthStencilStateCreateInfo,
                DepthTestEnable = depth,
                DepthWriteEnable = depth && alpha != AlphaMode.Blend,
                DepthCompareOp = CompareOp.LessOrEqual,
            };
            var blend = new PipelineColorBlendAttachmentState
            {
                BlendEnable = alpha == AlphaMode.Blend,
                SrcColorBlendFactor = BlendFactor.SrcAlpha,
                DstColorBlendFactor = BlendFactor.OneMinusSrcAlpha,
                ColorBlendOp = BlendOp.Add,
                SrcAlphaBlendFactor = BlendFactor.One,
                DstAlphaBlendFactor = BlendFactor.OneMinusSrcAlpha,
                AlphaBlendOp = BlendOp.Add,
                ColorWriteMask = ColorComponentFlags.RBit | ColorComponentFlags.GBit | ColorComponentFlags.BBit | ColorComponentFlags.ABit,
            };
            var colorBlend = new PipelineColorBlendStateCreateInfo { SType = StructureType.PipelineColorBlendStateCreateInfo, AttachmentCount = 1, PAttachments = &blend };
            var dynamicStates = stackalloc DynamicState[2] { DynamicState.Viewport, DynamicState.Scissor };
            var dynamic = new PipelineDynamicStateCreateInfo { SType = StructureType.PipelineDynamicStateCreateInfo, DynamicStateCount = 2, PDynamicStates = dynamicStates };
            var info = new GraphicsPipelineCreateInfo
            {
                SType = StructureType.GraphicsPipelineCreateInfo,
                StageCount = 2,
                PStages = stages,
                PVertexInputState = &vertexInput,
                PInputAssemblyState = &inputAssembly,
                PViewportState = &viewport,
                PRasterizationState = &raster,
                PMultisampleState = &multisample,
                PDepthStencilState = &depthState,
                PColorBlendState = &colorBlend,
                PDynamicState = &dynamic,
                Layout = Layout,
                RenderPass = RenderPass,
                Subpass = 0,
            };
            Pipeline pipeline;
            _device.Api.CreateGraphicsPipelines(_device.Device, default, 1, &info, null, &pipeline).Check("vkCreateGraphicsPipelines");
            return pipeline;
        }
    }

    public void Dispose()
    {
        var vk = _device.Api;
        var dev = _device.Device;
        foreach (var p in _pipelines.Values) vk.DestroyPipeline(dev, p, null);
        _pipelines.Clear();
        if (Checker.Handle != 0) vk.DestroyPipeline(dev, Checker, null);
        foreach (var m in _vertexModules.Concat(_fragmentModules).Append(_checkerVertex).Append(_checkerFragment))
            if (m.Handle != 0) vk.DestroyShaderModule(dev, m, null);
        if (Layout.Handle != 0) vk.DestroyPipelineLayout(dev, Layout, null);
        if (MaterialSetLayout.Handle != 0) vk.DestroyDescriptorSetLayout(dev, MaterialSetLayout, null);
        if (FrameSetLayout.Handle != 0) vk.DestroyDescriptorSetLayout(dev, FrameSetLayout, null);
        if (RenderPass.Handle != 0) vk.DestroyRenderPass(dev, RenderPass, null);
    }
}
