using ArrHost.Protos.V1;
using ArrHost.RenderHost.Agent;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Grpc;
using ArrHost.RenderHost.Sessions;
using ArrHost.RenderHost.Streaming;
using ArrHost.Rendering.Encoding;
using ArrHost.Rendering.Frames;
using ArrHost.Rendering.Models;
using ArrHost.Rpc.Server;
using ArrHost.Rpc.Server.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ArrHost.RenderHost.Hosting;

/// <summary>AddRenderHost / MapRenderHost: the Render service on an h2c port, health on an HTTP/1.1 port, one GPU.</summary>
internal static class RenderHostServiceCollectionExtensions
{
    public static IServiceCollection AddRenderHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RenderHostOptions>().Bind(configuration.GetSection(RenderHostOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RenderHostOptions>, RenderHostOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RenderHostOptions>>().Value);
        services.AddSingleton<RenderHostEndpoints>();
        // The one device of this host: opened before the listeners start (StartRenderHostAsync), closed with the app.
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ArrHost.RenderHost.Gpu");
            return GpuContext.Create(sp.GetRequiredService<RenderHostOptions>().Device, message => logger.LogInformation("{Message}", message));
        });
        services.AddSingleton<EncoderFactory>();
        services.AddSingleton<HostIdentity>();
        services.AddSingleton<SessionSlot>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<RenderHostOptions>();
            return new ModelSourceOptions
            {
                AssetRoot = o.AssetRoot.Length > 0 ? o.AssetRoot : Path.Combine(AppContext.BaseDirectory, "assets", "models"),
                AllowedUrlPrefixes = o.AllowedUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
        });
        services.AddHttpClient();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<RenderHostMetrics>();
        services.AddPrometheusMetrics(RenderHostMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
        services.AddSingleton<FramePipelineFactory>();
        services.AddSingleton<RenderService>();
        services.AddSingleton<AgentLink>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentLink>());
        services.AddSingleton<RenderCallInterceptor>();
        services.AddRpc(o =>
        {
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
            o.Interceptors.Add<RenderCallInterceptor>();
        });
        services.AddHealthChecks().AddCheck<ControlPlaneHealthCheck>("control-plane");
        return services;
    }

    public static WebApplication MapRenderHost(this WebApplication app)
    {
        app.MapGrpcService<RenderService>();
        app.MapRpcInfrastructure();
        app.MapGet("/alive", () => Results.Text("alive"));
        app.MapPrometheusMetrics();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsync(
                report.Status == HealthStatus.Healthy ? "healthy" : "not registered with the control plane"),
        });

        // A host going down ends its session's stream with a reason instead of a reset.
        var slot = app.Services.GetRequiredService<SessionSlot>();
        app.Lifetime.ApplicationStopping.Register(() => slot.Current?.End(GoodbyeReason.HostShutdown, "the render host is shutting down"));
        return app;
    }
}
