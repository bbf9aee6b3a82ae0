using System.Net;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.Rpc;
using ArrHost.Rpc.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>Builds and starts the control-plane process; used by Program.cs and the tests.</summary>
internal static class ControlPlaneApp
{
    /// <summary>Command-line switches and what they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--region"] = "ControlPlane:Region",
        ["--bind"] = "ControlPlane:BindAddress",
        ["--grpc-port"] = "ControlPlane:GrpcPort",
        ["--rest-port"] = "ControlPlane:RestPort",
        ["--store"] = "ControlPlane:Store",
        ["--startup-delay"] = "ControlPlane:StartupDelaySeconds",
        ["--startup-delay-standard"] = "ControlPlane:StartupDelayStandardSeconds",
        ["--startup-delay-premium"] = "ControlPlane:StartupDelayPremiumSeconds",
        ["--start-timeout"] = "ControlPlane:StartTimeoutSeconds",
        ["--heartbeat-interval-ms"] = "ControlPlane:HeartbeatIntervalMs",
        ["--heartbeat-timeout-ms"] = "ControlPlane:HeartbeatTimeoutMs",
        ["--accounts-file"] = "ControlPlane:AccountsFile",
        ["--accounts"] = "ControlPlane:Accounts",
        ["--dev-account"] = "ControlPlane:DevAccount",
        ["--agent-key"] = "ControlPlane:AgentKey",
        ["--session-quota"] = "ControlPlane:SessionQuota",
        ["--rate-limit-burst"] = "ControlPlane:RateLimitBurst",
        ["--rate-limit-per-second"] = "ControlPlane:RateLimitPerSecond",
        ["--retention-days"] = "ControlPlane:RetentionDays",
        ["--lease-minute-seconds"] = "ControlPlane:LeaseMinuteSeconds",
        ["--asset-root"] = "ControlPlane:AssetRoot",
        ["--conversion-input-roots"] = "ControlPlane:ConversionInputRoots",
        ["--allowed-urls"] = "ControlPlane:AllowedUrls",
        ["--conversion-timeout"] = "ControlPlane:ConversionTimeoutSeconds",
        ["--tls-cert"] = "ControlPlane:TlsCertificate",
        ["--tls-key"] = "ControlPlane:TlsKey",
        ["--tls-password"] = "ControlPlane:TlsPassword",
        ["--log-level"] = "Logging:LogLevel:Default",
    };

    /// <summary>Environment variables and what they set (the command line wins).</summary>
    private static readonly (string Env, string Key)[] s_environment =
    [
        ("ARR_REGION", "ControlPlane:Region"),
        ("ARR_STORE", "ControlPlane:Store"),
        ("ARR_ACCOUNTS", "ControlPlane:Accounts"),
        ("ARR_ACCOUNTS_FILE", "ControlPlane:AccountsFile"),
        ("ARR_AGENT_KEY", "ControlPlane:AgentKey"),
        ("ARR_TLS_CERT", "ControlPlane:TlsCertificate"),
        ("ARR_TLS_KEY", "ControlPlane:TlsKey"),
        ("ARR_TLS_PASSWORD", "ControlPlane:TlsPassword"),
    ];

    /// <summary>Builds the app. <paramref name="configure"/> lets tests replace services (e.g. the TimeProvider).</summary>
    /// <exception cref="ArgumentException">A switch is unknown or has no value.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = HostApplication.CreateBuilder(args, Switches, s_environment);
        builder.Services.AddControlPlane(builder.Configuration);
        builder.WebHost.ConfigureControlPlaneListeners();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapControlPlane();
        return app;
    }

    /// <summary>Initializes the store and timers, starts both listeners and prints the ready line.</summary>
    public static async Task StartControlPlaneAsync(this WebApplication app, TextWriter? readyOut = null, CancellationToken ct = default)
    {
        await app.InitializeControlPlaneAsync(ct);
        await app.StartAsync(ct);
        ParentWatch.Start(app.Lifetime);
        var o = app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
        var ep = app.Services.GetRequiredService<ControlPlaneEndpoints>();
        Log.Ready(app.Services.GetRequiredService<ILogger<ControlPlaneEndpoints>>(), o.Region, ep.GrpcAddress.ToString(), ep.RestAddress.ToString(),
            o.Store.Split(':')[0]);
        if (readyOut is not null)
        {
            // The development account is a public, well-known value (like a sample's connection string), never a configured key.
            var dev = o.DevAccount ? $" account={DevDefaults.AccountId} key={DevDefaults.AccountKey}" : "";
            await readyOut.WriteLineAsync(
                $"ARR_CONTROLPLANE_READY grpc={ep.GrpcAddress.ToString().TrimEnd('/')} rest={ep.RestAddress.ToString().TrimEnd('/')} region={o.Region}{dev}");
            await readyOut.FlushAsync(ct);
        }
    }

    private static IWebHostBuilder ConfigureControlPlaneListeners(this IWebHostBuilder web)
    {
        web.ConfigureKestrel((ctx, kestrel) =>
        {
            var o = kestrel.ApplicationServices.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
            var endpoints = kestrel.ApplicationServices.GetRequiredService<ControlPlaneEndpoints>();
            var address = IPAddress.Parse(o.BindAddress);
            var certificate = string.IsNullOrEmpty(o.TlsCertificate) ? null : RpcTls.LoadServerCertificate(o.TlsCertificate, o.TlsKey, o.TlsPassword);
            endpoints.Tls = certificate is not null;
            // HTTP/2 only (with TLS: ALPN h2), no body limits (REST bodies are limited by the handlers).
            endpoints.Grpc = kestrel.ListenRpc(new IPEndPoint(address, o.GrpcPort), certificate);
            kestrel.Listen(address, o.RestPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                if (certificate is not null) l.UseHttps(certificate);
                endpoints.Rest = l;
            });
        });
        return web;
    }
}
