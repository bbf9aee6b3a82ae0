using ArrHost.RenderHost.Hosting;
using Microsoft.Extensions.Options;

// arr-renderhost: one render host of a region (see RenderHostApp.Switches for the options).
try
{
    await using var app = RenderHostApp.Build(args);
    await app.StartRenderHostAsync(Console.Out);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
{
    // The binder names settings by their configuration key; the user typed a switch.
    var message = ex.Message;
    foreach (var (name, key) in RenderHostApp.Switches) message = message.Replace($"'{key}'", name, StringComparison.Ordinal);
    Console.Error.WriteLine($"arr-renderhost: {message}");
    return 2;
}
catch (GpuUnavailableException ex)
{
    Console.Error.WriteLine($"arr-renderhost: no usable Vulkan device: {ex.Message}");
    Console.Error.WriteLine("  On Debian without a GPU install Mesa's CPU driver: sudo apt-get install mesa-vulkan-drivers libvulkan1");
    return 1;
}
