namespace ArrHost.Client;

/// <summary>A snapshot of a session's state as the control plane reported it.</summary>
public sealed record RenderingSessionProperties
{
    /// <summary>The session id.</summary>
    public required string Id { get; init; }

    /// <summary>The status.</summary>
    public RenderingSessionStatus Status { get; init; }

    /// <summary>The host size.</summary>
    public RenderingSessionSize Size { get; init; }

    /// <summary>When the session was created.</summary>
    public DateTimeOffset CreationTime { get; init; }

    /// <summary>When the session became Ready; null before.</summary>
    public DateTimeOffset? ReadyTime { get; init; }

    /// <summary>When the session ended; null while alive.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The lease in minutes.</summary>
    public int MaxLeaseInMinutes { get; init; }

    /// <summary>Whole minutes spent in Ready.</summary>
    public int ElapsedTimeInMinutes { get; init; }

    /// <summary>The host name; empty before Ready.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The render stream's port; 0 before Ready.</summary>
    public int HandshakePort { get; init; }

    /// <summary>The inspector page's port; 0 before Ready.</summary>
    public int ArrInspectorPort { get; init; }

    /// <summary>The render host's endpoint (e.g. <c>http://127.0.0.1:50051</c>); empty before Ready.</summary>
    public string RenderEndpoint { get; init; } = "";

    /// <summary>Nominal compute of the size; 0 before Ready.</summary>
    public double Teraflops { get; init; }

    /// <summary>The region the session runs in.</summary>
    public string Region { get; init; } = "";

    /// <summary>The id of the host leased; empty when none.</summary>
    public string HostId { get; init; } = "";

    /// <summary>Why the session failed (e.g. <c>Capacity</c>, <c>HostLost</c>); null unless Error.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The failure explained; null unless Error.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Start-up progress while Starting; null otherwise.</summary>
    public SessionStartupProgress? StartupProgress { get; init; }

    /// <summary>Whether the status is terminal (Stopped, Expired or Error).</summary>
    public bool IsEnded => Status is RenderingSessionStatus.Stopped or RenderingSessionStatus.Expired or RenderingSessionStatus.Error;

    /// <summary>The per-session connection token; kept internal: the SDK sends it in the hello.</summary>
    internal string ConnectionToken { get; init; } = "";
}
