using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Tests.Vulkan;

public sealed class VulkanExceptionTests
{
    [Fact]
    public void Message_ErrorResult_NamesCallAndResult()
    {
        var e = new VulkanException("vkCreateImage", Result.ErrorOutOfDeviceMemory);
        Assert.Contains("vkCreateImage", e.Message);
        Assert.Contains("ErrorOutOfDeviceMemory", e.Message);
        Assert.Equal(Result.ErrorOutOfDeviceMemory, e.Result);
    }

    [Fact]
    public void Check_ErrorResult_ThrowsVulkanExceptionWithTheResult()
    {
        var e = Assert.Throws<VulkanException>(() => Result.ErrorDeviceLost.Check("vkQueueSubmit"));
        Assert.Equal(Result.ErrorDeviceLost, e.Result);
        Assert.Equal("vkQueueSubmit", e.Call);
    }

    [Theory]
    [InlineData(Result.Success)]
    [InlineData(Result.Timeout)]
    [InlineData(Result.Incomplete)]
    public void Check_SuccessCode_ReturnsIt(Result result)
    {
        Assert.Equal(result, result.Check("vkWaitForFences"));
    }

    [Fact]
    public void Version_Packed_FormatsAsMajorMinorPatch()
    {
        Assert.Equal("1.3.230", VkVersion.Format(VkVersion.Make(0, 1, 3, 230)));
    }
}
