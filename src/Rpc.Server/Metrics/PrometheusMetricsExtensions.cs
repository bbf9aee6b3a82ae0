using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Rpc.Server.Metrics;

/// <summary>
/// Serves the process's System.Diagnostics.Metrics instruments in the Prometheus text format, so that
/// operators can scrape the services without an exporter package (none can be restored here).
/// </summary>
public static class PrometheusMetricsExtensions
{
    /// <summary>The content type of the Prometheus text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Collects every instrument of the named meters from now on.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="meterNames">Meter names, e.g. "ArrHost.ControlPlane" or "Microsoft.AspNetCore.Hosting".</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, params string[] meterNames)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new MetricsCollector(meterNames, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    /// <summary>Maps GET <paramref name="pattern"/> to the current values of the collected instruments.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="pattern">The route; "/metrics" by convention.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        // Created now, not at the first scrape: measurements taken before the collector listens are lost.
        var collector = endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
        return endpoints.MapGet(pattern, (HttpContext context) =>
        {
            context.Response.ContentType = ContentType;
            return context.Response.WriteAsync(collector.Scrape(), context.RequestAborted);
        });
    }
}
