using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Vulkan;

/// <summary>A Vulkan call failed: names the call and the <see cref="Silk.NET.Vulkan.Result"/>. Thrown in every build configuration.</summary>
internal sealed class VulkanException : Exception
{
    public VulkanException(string call, Result result)
        : base($"{call} failed: {result} ({(int)result})")
    {
        Call = call;
        Result = result;
    }

    private VulkanException(string call, string message) : base(message)
    {
        Call = call;
        Result = Result.ErrorFeatureNotPresent;
    }

    public string Call { get; }
    public Result Result { get; }

    public static VulkanException NotLoaded(string call) =>
        new(call, $"{call} is not available: the driver did not return it (extension or version not enabled?)");
}
