namespace ArrHost.Tools.VkGen;

/// <summary>
/// What the bindings cover. Every struct, enum, bitmask, handle, constant and function pointer that
/// these commands and extra types reach is generated too; nothing else is.
/// </summary>
public static class AllowList
{
    /// <summary>Features whose enum values are emitted (core versions the renderer may use).</summary>
    public static readonly string[] Features = ["VK_VERSION_1_0", "VK_VERSION_1_1", "VK_VERSION_1_2", "VK_VERSION_1_3"];

    /// <summary>Extensions whose enum values and commands are emitted.</summary>
    public static readonly string[] Extensions = ["VK_EXT_debug_utils"];

    public static readonly string[] Commands =
    [
        // instance
        "vkCreateInstance", "vkDestroyInstance", "vkEnumerateInstanceVersion",
        "vkEnumerateInstanceLayerProperties", "vkEnumerateInstanceExtensionProperties",
        // physical devices
        "vkEnumeratePhysicalDevices", "vkGetPhysicalDeviceProperties", "vkGetPhysicalDeviceProperties2",
        "vkGetPhysicalDeviceFeatures", "vkGetPhysicalDeviceFeatures2", "vkGetPhysicalDeviceMemoryProperties",
        "vkGetPhysicalDeviceQueueFamilyProperties", "vkGetPhysicalDeviceFormatProperties",
        "vkEnumerateDeviceExtensionProperties",
        // device and queues
        "vkCreateDevice", "vkDestroyDevice", "vkGetDeviceQueue", "vkQueueSubmit", "vkQueueWaitIdle", "vkDeviceWaitIdle",
        // command pools and buffers
        "vkCreateCommandPool", "vkDestroyCommandPool", "vkResetCommandPool", "vkAllocateCommandBuffers",
        "vkFreeCommandBuffers", "vkBeginCommandBuffer", "vkEndCommandBuffer", "vkResetCommandBuffer",
        // memory
        "vkAllocateMemory", "vkFreeMemory", "vkMapMemory", "vkUnmapMemory", "vkFlushMappedMemoryRanges",
        "vkInvalidateMappedMemoryRanges",
        // buffers and images
        "vkCreateBuffer", "vkDestroyBuffer", "vkGetBufferMemoryRequirements", "vkBindBufferMemory",
        "vkCreateImage", "vkDestroyImage", "vkGetImageMemoryRequirements", "vkBindImageMemory",
        "vkGetImageSubresourceLayout", "vkCreateImageView", "vkDestroyImageView",
        "vkCreateSampler", "vkDestroySampler",
        // render passes and framebuffers
        "vkCreateRenderPass", "vkDestroyRenderPass", "vkCreateFramebuffer", "vkDestroyFramebuffer",
        "vkCmdBeginRenderPass", "vkCmdEndRenderPass", "vkCmdBeginRendering", "vkCmdEndRendering",
        // shaders, pipelines, layouts, descriptors
        "vkCreateShaderModule", "vkDestroyShaderModule", "vkCreatePipelineLayout", "vkDestroyPipelineLayout",
        "vkCreateGraphicsPipelines", "vkDestroyPipeline", "vkCreatePipelineCache", "vkDestroyPipelineCache",
        "vkCreateDescriptorSetLayout", "vkDestroyDescriptorSetLayout", "vkCreateDescriptorPool",
        "vkDestroyDescriptorPool", "vkResetDescriptorPool", "vkAllocateDescriptorSets", "vkFreeDescriptorSets",
        "vkUpdateDescriptorSets",
        // synchronisation
        "vkCreateFence", "vkDestroyFence", "vkResetFences", "vkWaitForFences", "vkGetFenceStatus",
        "vkCreateSemaphore", "vkDestroySemaphore", "vkCmdPipelineBarrier",
        // drawing and copies
        "vkCmdBindPipeline", "vkCmdBindDescriptorSets", "vkCmdBindVertexBuffers", "vkCmdBindIndexBuffer",
        "vkCmdPushConstants", "vkCmdSetViewport", "vkCmdSetScissor", "vkCmdDraw", "vkCmdDrawIndexed",
        "vkCmdCopyBuffer", "vkCmdCopyBufferToImage", "vkCmdCopyImageToBuffer", "vkCmdBlitImage",
        "vkCmdClearColorImage", "vkCmdFillBuffer",
        // debugging
        "vkCreateDebugUtilsMessengerEXT", "vkDestroyDebugUtilsMessengerEXT", "vkSetDebugUtilsObjectNameEXT",
    ];

    /// <summary>Types reachable only through pNext chains.</summary>
    public static readonly string[] ExtraTypes =
    [
        "VkPhysicalDeviceDriverProperties", "VkPhysicalDeviceVulkan11Properties", "VkPhysicalDeviceVulkan12Properties",
        "VkPhysicalDeviceVulkan13Features", "VkPhysicalDeviceVulkan12Features", "VkPhysicalDeviceVulkan11Features",
        "VkPipelineRenderingCreateInfo", "VkDebugUtilsMessengerCreateInfoEXT", "VkValidationFeaturesEXT",
    ];

    /// <summary>Extensions whose types are listed in <see cref="ExtraTypes"/> only (no commands).</summary>
    public static readonly string[] TypeOnlyExtensions = ["VK_EXT_validation_features"];
}
