namespace ArrHost.RenderHost.Hosting;

/// <summary>The host could not open a usable Vulkan device (no driver, no device matching --device).</summary>
internal sealed class GpuUnavailableException(string message, Exception inner) : Exception(message, inner);
