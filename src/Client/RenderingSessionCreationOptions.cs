namespace ArrHost.Client;

/// <summary>What <see cref="RemoteRenderingClient.CreateNewRenderingSessionAsync"/> asks for.</summary>
public sealed class RenderingSessionCreationOptions
{
    /// <summary>
    /// The session id: letters, digits, '-' and '_', at most 256 characters. When null the SDK
    /// generates a uuid before the first attempt, so that retries stay idempotent.
    /// </summary>
    public string? SessionId { get; set; }

    /// <summary>The lease: the most minutes the session stays Ready before it expires, 0..1440. Default 60.</summary>
    public int MaxLeaseInMinutes { get; set; } = 60;

    /// <summary>The host size. Default <see cref="RenderingSessionSize.Standard"/>.</summary>
    public RenderingSessionSize Size { get; set; } = RenderingSessionSize.Standard;
}
