using System.Net;
using System.Net.Sockets;
using ArrHost.RenderHost;
using ArrHost.RenderHost.Agent;
using ArrHost.RenderHost.Encoding;
using ArrHost.RenderHost.Service;

RenderHostOptions options;
try
{
    options = RenderHostArguments.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"arr-renderhost: {ex.Message}");
    return 2;
}

GpuContext gpu;
try
{
    gpu = GpuContext.Create(options.Device, message => Console.Error.WriteLine(message));
}
catch (Exception ex)
{
    Console.Error.WriteLine($"arr-renderhost: no usable Vulkan device: {ex.Message}");
    Console.Error.WriteLine("  On Debian without a GPU install Mesa's CPU driver: sudo apt-get install mesa-vulkan-drivers libvulkan1");
    return 1;
}

using (gpu)
{
    var listen = IPAddress.Parse(options.ListenAddress);
    var renderPort = options.Port != 0 ? options.Port : FreePort(listen);
    var healthPort = options.HealthPort != 0 ? options.HealthPort : FreePort(listen);
    var encoders = new EncoderFactory();
    var identity = new HostIdentity
    {
        HostId = options.HostId.Length > 0 ? options.HostId : $"{Environment.MachineName}-{renderPort}",
        RenderEndpoint = options.AdvertisedEndpoint.Length > 0 ? options.AdvertisedEndpoint : $"http://{FormatHost(listen)}:{renderPort}",
        Capabilities = gpu.Capabilities(options, encoders),
        DeviceMemoryUsed = () => gpu.DeviceMemoryUsed,
    };

    await using var app = RenderHostApp.Build(options, gpu, encoders, new IPEndPoint(listen, renderPort), new IPEndPoint(listen, healthPort), identity);
    app.Services.GetRequiredService<AgentLink>().RegisteredChanged += registered =>
    {
        if (registered) Console.WriteLine($"ARR_RENDERHOST_REGISTERED id={identity.HostId}");
    };

    await app.StartAsync();
    app.Logger.LogInformation("Render host {HostId} ({Size}) on {Endpoint}, device {Device}", identity.HostId, options.Size, identity.RenderEndpoint, identity.Capabilities.DeviceName);
    Console.WriteLine($"ARR_RENDERHOST_READY id={identity.HostId} endpoint={identity.RenderEndpoint} health=http://{FormatHost(listen)}:{healthPort} device={Uri.EscapeDataString(identity.Capabilities.DeviceName)}");
    await app.WaitForShutdownAsync();
}

return 0;

static int FreePort(IPAddress address)
{
    using var probe = new TcpListener(address, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static string FormatHost(IPAddress address) =>
    address.Equals(IPAddress.Any) ? "127.0.0.1" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
