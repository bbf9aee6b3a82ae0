using System.Net;
using ArrHost.Protos.V1;
using ArrHost.RenderHost.Agent;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Encoding;
using ArrHost.RenderHost.Models;
using ArrHost.RenderHost.Service;
using ArrHost.Rpc;
using ArrHost.Rpc.Server.Metrics;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ArrHost.RenderHost;

/// <summary>Builds the render host's web application: the Render service on an h2c port, health on an HTTP/1.1 port.</summary>
internal static class RenderHostApp
{
    public static WebApplication Build(RenderHostOptions options, GpuContext gpu, EncoderFactory encoders, IPEndPoint renderEndpoint, IPEndPoint healthEndpoint, HostIdentity identity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenRpc(renderEndpoint);
            k.Listen(healthEndpoint);
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(gpu);
        builder.Services.AddSingleton<SessionSlot>();
        builder.Services.AddSingleton(encoders);
        builder.Services.AddSingleton(new ModelSourceOptions
        {
            AssetRoot = options.AssetRoot.Length > 0 ? options.AssetRoot : Path.Combine(AppContext.BaseDirectory, "assets", "models"),
            AllowedUrlPrefixes = options.AllowedUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        });
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<ModelLoader>();
        builder.Services.AddSingleton<RenderHostMetrics>();
        builder.Services.AddPrometheusMetrics(RenderHostMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
        builder.Services.AddSingleton<FramePipelineFactory>();
        builder.Services.AddSingleton<RenderService>();
        builder.Services.AddSingleton<AgentLink>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentLink>());
        builder.Services.AddRpc(o => o.MaxReceiveMessageSize = 4 * 1024 * 1024);

        var app = builder.Build();
        app.MapRpcService<RenderService>(RenderReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Render"));
        app.MapGet("/alive", () => Results.Text("alive"));
        app.MapPrometheusMetrics();
        app.MapGet("/health", (AgentLink agent) =>
            options.ControlPlane.Length == 0 || agent.Registered
                ? Results.Text("healthy")
                : Results.Text("not registered with the control plane", statusCode: 503));

        // A host going down ends its session's stream with a reason instead of a reset.
        var slot = app.Services.GetRequiredService<SessionSlot>();
        ParentWatch.Start(app.Lifetime);
        app.Lifetime.ApplicationStopping.Register(() => slot.Current?.End(GoodbyeReason.HostShutdown, "the render host is shutting down"));
        return app;
    }
}
