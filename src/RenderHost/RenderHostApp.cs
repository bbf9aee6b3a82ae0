using System.Net;
using ArrHost.Protos.V1;
using ArrHost.RenderHost.Agent;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Encoding;
using ArrHost.RenderHost.Models;
using ArrHost.RenderHost.Service;
using ArrHost.Rpc;
using ArrHost.Rpc.Server.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;

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
        builder.Services.AddSingleton<RenderCallInterceptor>();
        builder.Services.AddRpc(o =>
        {
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
            o.Interceptors.Add<RenderCallInterceptor>();
        });
        builder.Services.AddHealthChecks().AddCheck<ControlPlaneHealthCheck>("control-plane");

        var app = builder.Build();
        app.MapGrpcService<RenderService>();
        app.MapRpcInfrastructure();
        app.MapGet("/alive", () => Results.Text("alive"));
        app.MapPrometheusMetrics();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsync(
                report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy ? "healthy" : "not registered with the control plane"),
        });

        // A host going down ends its session's stream with a reason instead of a reset.
        var slot = app.Services.GetRequiredService<SessionSlot>();
        ParentWatch.Start(app.Lifetime);
        app.Lifetime.ApplicationStopping.Register(() => slot.Current?.End(GoodbyeReason.HostShutdown, "the render host is shutting down"));
        return app;
    }
}
