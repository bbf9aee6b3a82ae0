using System.Security.Cryptography;
using System.Threading.RateLimiting;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosts;
using ArrHost.ControlPlane.Rest;
using ArrHost.ControlPlane.Sessions;
using ArrHost.ControlPlane.Store;
using ArrHost.Rpc.Server;
using ArrHost.Rpc.Server.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>AddControlPlane / MapControlPlane / InitializeControlPlaneAsync.</summary>
internal static class ControlPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ControlPlaneMetrics>();
        services.AddPrometheusMetrics(ControlPlaneMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
        services.AddSingleton<ControlPlaneEndpoints>();
        services.AddSingleton<IControlPlaneStore>(sp => CreateStore(sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.Store));
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AgentKeyValidator>();
        services.AddSingleton<SessionChangeFeed>();
        services.AddSingleton<SessionManager>();
        services.AddSingleton<SessionTimers>();
        services.AddSingleton<HostRegistry>();
        services.AddSingleton(sp => new SessionProjection(sp.GetRequiredService<TokenService>(), sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value));
        services.AddSingleton<Conversions.ConversionLocations>();
        services.AddSingleton<Conversions.ConversionQueue>();
        services.AddSingleton<Conversions.ConversionManager>();
        services.AddSingleton<Conversions.ConversionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Conversions.ConversionWorker>());
        services.AddHttpClient(Conversions.ConversionWorker.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        services.AddSingleton<Dashboard.DashboardState>();
        services.AddSingleton<PurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<PurgeService>());
        services.AddHostedService<HostMonitorService>();
        services.AddHostedService<PostgresChangeListener>();
        services.AddSingleton<Grpc.GrpcCallInterceptor>();
        services.AddSingleton<Grpc.SessionsService>();
        services.AddSingleton<Grpc.HostAgentService>();
        services.AddRpc(o => o.Interceptors.Add<Grpc.GrpcCallInterceptor>());
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<StoreHealthCheck>("store");
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RestWire.RateLimitPolicy, ctx =>
            {
                var limits = ctx.RequestServices.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(ctx), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.RateLimitBurst,
                    TokensPerPeriod = limits.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ControlPlaneMetrics>().RateLimited.Add(1);
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
                return new ValueTask(RestResponses.WriteErrorAsync(context.HttpContext, new ArrException(ErrorKind.TooManyRequests, "TooManyRequests",
                    $"Too many requests for this account; retry after {Math.Ceiling(Math.Max(1, retry.TotalSeconds))} s.", retry)));
            };
        });
        return services;
    }

    public static WebApplication MapControlPlane(this WebApplication app)
    {
        app.UseMiddleware<RestMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapPrometheusMetrics();
        app.MapArrRest();
        app.MapArrConversions();
        Dashboard.DashboardEndpoints.MapDashboard(app);
        app.MapGrpcService<Grpc.SessionsService>();
        app.MapGrpcService<Grpc.HostAgentService>();
        app.MapRpcInfrastructure();
        app.MapFallback(ctx => throw ArrException.NotFound($"No route {ctx.Request.Method} {ctx.Request.Path}."));
        return app;
    }

    /// <summary>Migrates the store, loads keys and accounts, and re-arms the timers of active sessions (overdue leases expire now).</summary>
    public static async Task InitializeControlPlaneAsync(this WebApplication app, CancellationToken ct = default)
    {
        var sp = app.Services;
        var store = sp.GetRequiredService<IControlPlaneStore>();
        await store.InitializeAsync(ct);
        var key = await store.GetOrAddSettingAsync("token_signing_key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);
        sp.GetRequiredService<TokenService>().SetSigningKey(Convert.FromBase64String(key));
        foreach (var (id, hash) in sp.GetRequiredService<AccountDirectory>().All) await store.UpsertAccountAsync(id, hash, ct);
        await sp.GetRequiredService<Conversions.ConversionWorker>().RecoverAsync(ct);

        var timers = sp.GetRequiredService<SessionTimers>();
        _ = sp.GetRequiredService<HostRegistry>();
        var sessions = sp.GetRequiredService<SessionManager>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var options = sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
        var now = clock.GetUtcNow();

        // Hosts get one heartbeat timeout from now to re-attach before they count as lost.
        foreach (var h in await store.ListHostsAsync(ct))
        {
            if (h.State != Protos.V1.HostState.Lost) await store.TouchHostAsync(h.HostId, now, ct);
        }
        int active = 0, expired = 0;
        foreach (var s in await store.ListActiveSessionsAsync(ct))
        {
            if (s.Status == Protos.V1.SessionStatus.Ready && options.LeaseDeadline(s) <= now)
            {
                await sessions.ExpireIfDueAsync(s.Key, ct);
                expired++;
            }
            else if (s.Stage == SessionManager.StageReserving && now - s.CreationTime > TimeSpan.FromSeconds(30))
            {
                await sessions.FailAsync(s.Key, "StartFailed", "StartFailed: the control plane restarted while reserving a host.", ct);
            }
            else
            {
                timers.Arm(s);
                active++;
            }
        }
        Log.Recovered(sp.GetRequiredService<ILogger<SessionTimers>>(), active, expired);
    }

    internal static IControlPlaneStore CreateStore(string spec)
    {
        if (spec.StartsWith("sqlite:", StringComparison.Ordinal)) return new SqliteStore(spec["sqlite:".Length..]);
        if (spec.StartsWith("postgres:", StringComparison.Ordinal)) return new PostgresStore(spec["postgres:".Length..]);
        throw new InvalidOperationException("Store must be 'sqlite:PATH' or 'postgres:CONNECTION-STRING'.");
    }

    /// <summary>Rate-limit partition: the account of the access token, the account of an account-key call, else the client address.</summary>
    private static string PartitionKey(HttpContext ctx)
    {
        if (ctx.Items.TryGetValue(RestWire.AccountItem, out var a) && a is string account) return "a:" + account;
        var bearer = TokenService.BearerValue(ctx.Request.Headers.Authorization);
        if (bearer is not null && bearer.IndexOf(':') is > 0 and var colon) return "a:" + bearer[..colon];
        return "ip:" + ctx.Connection.RemoteIpAddress;
    }

    private sealed class StoreHealthCheck(IControlPlaneStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var hosts = await store.ListHostsAsync(cancellationToken);
                return HealthCheckResult.Healthy($"{hosts.Count} hosts known");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("The store is not reachable.", ex);
            }
        }
    }
}
