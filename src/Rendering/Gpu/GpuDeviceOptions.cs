namespace ArrHost.Rendering.Gpu;

/// <summary>How to open the Vulkan device.</summary>
internal sealed class GpuDeviceOptions
{
    /// <summary>Environment variable that picks a device by index or name substring.</summary>
    public const string DeviceEnvironmentVariable = "ARR_VK_DEVICE";

    /// <summary>Index or (case-insensitive) name substring; overrides <see cref="DeviceEnvironmentVariable"/>.</summary>
    public string? Device { get; init; }

    /// <summary>Enable VK_LAYER_KHRONOS_validation and collect its messages (<see cref="GpuDevice.ValidationMessages"/>).</summary>
    public bool EnableValidation { get; init; }

    /// <summary>Called (on any thread) for each validation message, in addition to collecting it.</summary>
    public Action<string>? ValidationMessage { get; init; }

    /// <summary>
    /// Upload geometry through a staging buffer and vkCmdCopyBuffer even where device-local memory is
    /// host-visible (what discrete GPUs without resizable BAR need); lets tests cover that path on lavapipe.
    /// </summary>
    public bool UploadThroughStaging { get; init; }

    /// <summary>Called once with a description of the chosen device.</summary>
    public Action<string>? Log { get; init; }
}
