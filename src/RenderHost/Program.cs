using ArrHost.RenderHost.Hosting;
using ArrHost.Rpc.Server;

// arr-renderhost: one render host of a region (see RenderHostApp.Switches for the options).
try
{
    await using var app = RenderHostApp.Build(args);
    await app.StartRenderHostAsync(Console.Out);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (GpuUnavailableException ex)
{
    Console.Error.WriteLine($"arr-renderhost: no usable Vulkan device: {ex.Message}");
    Console.Error.WriteLine("  On Debian without a GPU install Mesa's CPU driver: sudo apt-get install mesa-vulkan-drivers libvulkan1");
    return 1;
}
catch (Exception ex) when (HostStartupErrors.Describe(ex, RenderHostApp.Switches) is { } message)
{
    Console.Error.WriteLine($"arr-renderhost: {message}");
    return 2;
}
