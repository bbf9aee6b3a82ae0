using System.Net;
using System.Net.Sockets;
using ArrHost.Protos.V1;
using ArrHost.RenderHost;
using ArrHost.RenderHost.Agent;
using ArrHost.RenderHost.Encoding;
using ArrHost.RenderHost.Models;
using ArrHost.RenderHost.Service;
using ArrHost.Rpc;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

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

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });

GpuContext gpu;
try
{
    gpu = GpuContext.Create(options.Device);
}
catch (Exception ex)
{
    Console.Error.WriteLine($"arr-renderhost: no usable Vulkan device: {ex.Message}");
    Console.Error.WriteLine("  On Debian without a GPU install Mesa's CPU driver: sudo apt-get install mesa-vulkan-drivers libvulkan1");
    return 1;
}

var listen = IPAddress.Parse(options.ListenAddress);
var renderPort = options.Port != 0 ? options.Port : FreePort(listen);
var healthPort = options.HealthPort != 0 ? options.HealthPort : FreePort(listen);
var identity = new HostIdentity
{
    HostId = options.HostId.Length > 0 ? options.HostId : $"{Environment.MachineName}-{renderPort}",
    RenderEndpoint = options.AdvertisedEndpoint.Length > 0 ? options.AdvertisedEndpoint : $"http://{FormatHost(listen)}:{renderPort}",
    Capabilities = gpu.Capabilities(options, EncoderFactory.AvailableCodecs()),
    DeviceMemoryUsed = () => gpu.DeviceMemoryUsed,
};

builder.WebHost.ConfigureKestrel(k =>
{
    k.ListenRpc(new IPEndPoint(listen, renderPort));
    k.Listen(listen, healthPort);
});
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(identity);
builder.Services.AddSingleton(gpu);
builder.Services.AddSingleton<SessionSlot>();
builder.Services.AddSingleton(new EncoderFactory());
builder.Services.AddSingleton(new ModelSourceOptions
{
    AssetRoot = options.AssetRoot.Length > 0 ? options.AssetRoot : Path.Combine(AppContext.BaseDirectory, "assets", "models"),
    AllowedUrlPrefixes = options.AllowedUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
});
builder.Services.AddHttpClient();
builder.Services.AddSingleton<ModelLoader>();
builder.Services.AddSingleton<FramePipelineFactory>();
builder.Services.AddSingleton<RenderService>();
builder.Services.AddSingleton<AgentLink>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentLink>());
builder.Services.AddRpc(o => o.MaxReceiveMessageSize = 4 * 1024 * 1024);

var app = builder.Build();
app.MapRpcService<RenderService>(RenderReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Render"));
app.MapGet("/alive", () => Results.Text("alive"));
app.MapGet("/health", (AgentLink agent) =>
    options.ControlPlane.Length == 0 || agent.Registered
        ? Results.Text("healthy")
        : Results.Text("not registered with the control plane", statusCode: 503));

var agentLink = app.Services.GetRequiredService<AgentLink>();
agentLink.RegisteredChanged += registered =>
{
    if (registered) Console.WriteLine($"ARR_RENDERHOST_REGISTERED id={identity.HostId}");
};

await app.StartAsync();
app.Logger.LogInformation("Render host {HostId} ({Size}) on {Endpoint}, device {Device}", identity.HostId, options.Size, identity.RenderEndpoint, identity.Capabilities.DeviceName);
Console.WriteLine($"ARR_RENDERHOST_READY id={identity.HostId} endpoint={identity.RenderEndpoint} health=http://{FormatHost(listen)}:{healthPort} device={Uri.EscapeDataString(identity.Capabilities.DeviceName)}");
await app.WaitForShutdownAsync();
gpu.Dispose();
return 0;

static int FreePort(IPAddress address)
{
    using var probe = new TcpListener(address, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static string FormatHost(IPAddress address) =>
    address.Equals(IPAddress.Any) ? "127.0.0.1" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
