namespace ArrHost.Client;

/// <summary>What <see cref="RenderingSession.RenewAsync"/> asks for.</summary>
public sealed class RenewalOptions
{
    /// <summary>
    /// The new lease in minutes, counted from Ready (a total, not an increment): larger than the
    /// current one and below 1440.
    /// </summary>
    public int MaxLeaseInMinutes { get; set; }
}
