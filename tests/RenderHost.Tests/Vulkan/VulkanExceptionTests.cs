using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Tests.Vulkan;

public sealed class VulkanExceptionTests
{
    [Fact]
    public void Message_ErrorResult_NamesCallAndResult()
    {
        var e = new VulkanException("vkCreateImage", VkResult.ErrorOutOfDeviceMemory);
        Assert.Contains("vkCreateImage", e.Message);
        Assert.Contains("ErrorOutOfDeviceMemory", e.Message);
        Assert.Equal(VkResult.ErrorOutOfDeviceMemory, e.Result);
    }

    [Fact]
    public void Version_Packed_FormatsAsMajorMinorPatch()
    {
        Assert.Equal("1.3.230", Vk.VersionString(Vk.MakeApiVersion(0, 1, 3, 230)));
    }
}
