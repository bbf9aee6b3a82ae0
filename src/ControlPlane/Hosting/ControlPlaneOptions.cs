namespace ArrHost.ControlPlane.Hosting;

/// <summary>Settings of one control-plane process (section "ControlPlane", command-line switches, ARR_* variables).</summary>
internal sealed class ControlPlaneOptions
{
    public const string Section = "ControlPlane";

    /// <summary>The region this control plane serves (hosts must register with the same name).</summary>
    public string Region { get; set; } = "local";

    /// <summary>The address both listeners bind to.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The gRPC (HTTP/2 only) port; 0 picks a free one.</summary>
    public int GrpcPort { get; set; } = 50050;

    /// <summary>The REST (HTTP/1.1) port; 0 picks a free one.</summary>
    public int RestPort { get; set; } = 50080;

    /// <summary>"sqlite:PATH" (default) or "postgres:CONNECTION-STRING".</summary>
    public string Store { get; set; } = "sqlite:arr-controlplane.db";

    /// <summary>Simulated VM start-up of a Standard session, in seconds (0 allowed).</summary>
    public double StartupDelayStandardSeconds { get; set; } = 3;

    /// <summary>Simulated VM start-up of a Premium session, in seconds (0 allowed).</summary>
    public double StartupDelayPremiumSeconds { get; set; } = 5;

    /// <summary>When set, the start-up delay of every size, in seconds (the `arr region` switch --startup-delay).</summary>
    public double? StartupDelaySeconds { get; set; }

    /// <summary>How long a host may take to accept a lease before the session fails with StartTimeout.</summary>
    public double StartTimeoutSeconds { get; set; } = 60;

    public int HeartbeatIntervalMs { get; set; } = 2000;

    public int HeartbeatTimeoutMs { get; set; } = 10000;

    /// <summary>A JSON file [{"accountId": "...", "accountKey": "..."}].</summary>
    public string? AccountsFile { get; set; }

    /// <summary>Accounts as "id:key;id:key" (environment variable ARR_ACCOUNTS).</summary>
    public string? Accounts { get; set; }

    /// <summary>Whether the well-known development account exists (local regions).</summary>
    public bool DevAccount { get; set; } = true;

    /// <summary>The key render hosts present on HostAgent.Attach (ARR_AGENT_KEY).</summary>
    public string AgentKey { get; set; } = DevDefaults.AgentKey;

    /// <summary>Most Starting+Ready sessions one account may have.</summary>
    public int SessionQuota { get; set; } = 20;

    /// <summary>Token bucket per account: burst size.</summary>
    public int RateLimitBurst { get; set; } = 200;

    /// <summary>Token bucket per account: requests per second sustained.</summary>
    public int RateLimitPerSecond { get; set; } = 100;

    /// <summary>Largest accepted REST request body.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Days ended sessions stay queryable.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// Length of one lease minute in seconds; 60 is real time. Shorter values make leases, expiry and
    /// elapsed minutes run faster, for local tests and demos (the REST and gRPC shapes stay in minutes).
    /// </summary>
    public double LeaseMinuteSeconds { get; set; } = 60;

    /// <summary>The render hosts' asset root: conversions write their output under it, and read local input from it.</summary>
    public string AssetRoot { get; set; } = "assets/models";

    /// <summary>Further local folders conversions may read input from (comma-separated), besides <see cref="AssetRoot"/>.</summary>
    public string? ConversionInputRoots { get; set; }

    /// <summary>http(s) prefixes conversions may download input from (comma-separated, or "*" for any); none by default.</summary>
    public string? AllowedUrls { get; set; }

    /// <summary>Most bytes one conversion may read, its external files included.</summary>
    public long MaxConversionInputBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long one conversion may run before it fails.</summary>
    public double ConversionTimeoutSeconds { get; set; } = 600;

    /// <summary>PEM certificate (or PKCS#12 .pfx) for TLS on both ports; none: plain HTTP.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/> (omit when the PEM file holds the key, or for a .pfx).</summary>
    public string? TlsKey { get; set; }

    /// <summary>Password of a .pfx <see cref="TlsCertificate"/>.</summary>
    public string? TlsPassword { get; set; }

    /// <summary>Lifetime of access tokens.</summary>
    public double TokenLifetimeHours { get; set; } = 24;

    /// <summary>The length of one lease minute (<see cref="LeaseMinuteSeconds"/>).</summary>
    public TimeSpan LeaseMinute => TimeSpan.FromSeconds(LeaseMinuteSeconds);

    /// <summary>When a Ready session's lease runs out: Ready plus its lease in lease minutes.</summary>
    internal DateTimeOffset? LeaseDeadline(Domain.SessionRecord s) => s.ReadyTime + (LeaseMinute * s.MaxLeaseMinutes);

    public TimeSpan StartupDelay(Protos.V1.SessionSize size) =>
        TimeSpan.FromSeconds(StartupDelaySeconds ?? (size == Protos.V1.SessionSize.Premium ? StartupDelayPremiumSeconds : StartupDelayStandardSeconds));
}
