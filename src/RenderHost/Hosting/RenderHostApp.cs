using System.Net;
using ArrHost.RenderHost.Agent;
using ArrHost.Rendering.Frames;
using ArrHost.Rpc.Server;
using Microsoft.Extensions.Options;

namespace ArrHost.RenderHost.Hosting;

/// <summary>Builds and starts the render-host process; used by Program.cs and the tests.</summary>
internal static class RenderHostApp
{
    /// <summary>Command-line switches and the settings they set; each is also read from ARR_&lt;NAME&gt; (the command line wins).</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--host-id"] = "RenderHost:HostId",
        ["--size"] = "RenderHost:Size",
        ["--region"] = "RenderHost:Region",
        ["--control-plane"] = "RenderHost:ControlPlane",
        ["--agent-key"] = "RenderHost:AgentKey",
        ["--listen-address"] = "RenderHost:ListenAddress",
        ["--port"] = "RenderHost:Port",
        ["--health-port"] = "RenderHost:HealthPort",
        ["--advertised-endpoint"] = "RenderHost:AdvertisedEndpoint",
        ["--asset-root"] = "RenderHost:AssetRoot",
        ["--allowed-urls"] = "RenderHost:AllowedUrls",
        ["--device"] = "RenderHost:Device",
        ["--max-primitives"] = "RenderHost:MaxPrimitives",
        ["--shading"] = "RenderHost:Shading",
        ["--ca-cert"] = "RenderHost:CaCertificate",
        ["--log-level"] = "Logging:LogLevel:Default",
    };

    /// <summary>Builds the app. <paramref name="configure"/> lets tests replace or adjust services.</summary>
    /// <exception cref="ArgumentException">A switch is unknown or has no value.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        // Every switch also comes from ARR_<NAME> (--asset-root from ARR_ASSET_ROOT).
        var builder = HostApplication.CreateBuilder(args, Switches,
            Switches.Select(s => ("ARR_" + s.Key[2..].Replace('-', '_').ToUpperInvariant(), s.Value)));
        builder.Services.AddRenderHost(builder.Configuration);
        builder.WebHost.ConfigureKestrel((_, kestrel) =>
        {
            var o = kestrel.ApplicationServices.GetRequiredService<IOptions<RenderHostOptions>>().Value;
            var endpoints = kestrel.ApplicationServices.GetRequiredService<RenderHostEndpoints>();
            var address = IPAddress.Parse(o.ListenAddress);
            endpoints.Render = kestrel.ListenRpc(new IPEndPoint(address, o.Port));
            kestrel.Listen(new IPEndPoint(address, o.HealthPort), l => endpoints.Health = l);
        });
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapRenderHost();
        return app;
    }

    /// <summary>
    /// Opens the device, starts both listeners, publishes the host's id and endpoint (from the bound
    /// port) and prints the ready line. Invalid settings throw <see cref="OptionsValidationException"/>;
    /// a missing device throws <see cref="GpuUnavailableException"/>.
    /// </summary>
    public static async Task StartRenderHostAsync(this WebApplication app, TextWriter? readyOut = null, CancellationToken ct = default)
    {
        var o = app.Services.GetRequiredService<IOptions<RenderHostOptions>>().Value;
        try
        {
            app.Services.GetRequiredService<GpuContext>();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new GpuUnavailableException(ex.Message, ex);
        }

        var identity = app.Services.GetRequiredService<HostIdentity>();
        if (readyOut is not null)
        {
            app.Services.GetRequiredService<AgentLink>().RegisteredChanged += registered =>
            {
                if (registered) readyOut.WriteLine($"ARR_RENDERHOST_REGISTERED id={identity.HostId}");
            };
        }

        await app.StartAsync(ct);
        var endpoints = app.Services.GetRequiredService<RenderHostEndpoints>();
        var render = endpoints.RenderAddress.ToString().TrimEnd('/');
        identity.Publish(
            o.HostId.Length > 0 ? o.HostId : $"{Environment.MachineName}-{endpoints.RenderAddress.Port}",
            o.AdvertisedEndpoint.Length > 0 ? o.AdvertisedEndpoint : render);
        ParentWatch.Start(app.Lifetime);
        app.Logger.LogInformation("Render host {HostId} ({Size}) on {Endpoint}, device {Device}", identity.HostId, o.Size, identity.RenderEndpoint, identity.Capabilities.DeviceName);
        if (readyOut is not null)
        {
            await readyOut.WriteLineAsync(
                $"ARR_RENDERHOST_READY id={identity.HostId} endpoint={identity.RenderEndpoint} health={endpoints.HealthAddress.ToString().TrimEnd('/')} device={Uri.EscapeDataString(identity.Capabilities.DeviceName)}");
            await readyOut.FlushAsync(ct);
        }
    }
}
