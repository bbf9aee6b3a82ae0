using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Vulkan;

/// <summary>
/// Silk.NET returns every <see cref="Result"/> and never throws: each result-returning call is
/// checked here, so an error (device loss above all) surfaces as a <see cref="VulkanException"/>
/// instead of a hang later on. Success codes (Timeout, Incomplete, ...) pass through to the caller.
/// </summary>
internal static class VulkanResult
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Result Check(this Result result, string call)
    {
        if (result < 0) Throw(call, result);
        return result;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(string call, Result result) => throw new VulkanException(call, result);
}
