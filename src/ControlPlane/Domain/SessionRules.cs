using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Domain;

/// <summary>The rules of the real service for ids, sizes and leases.</summary>
internal static class SessionRules
{
    public const int MaxLeaseMinutes = 1440;
    public const int MaxIdLength = 256;

    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        }
        return true;
    }

    public static void ValidateId(string? id)
    {
        if (!IsValidId(id))
        {
            throw ArrException.BadRequest("The session id must be 1 to 256 characters: letters, digits, '-' and '_'.");
        }
    }

    public static void ValidateCreateLease(long minutes)
    {
        if (minutes < 0 || minutes > MaxLeaseMinutes)
        {
            throw ArrException.BadRequest($"maxLeaseTimeMinutes must be between 0 and {MaxLeaseMinutes}; got {minutes}.");
        }
    }

    public static void ValidateSize(SessionSize size)
    {
        if (size is not (SessionSize.Standard or SessionSize.Premium))
        {
            throw ArrException.BadRequest("size must be 'Standard' or 'Premium'.");
        }
    }

    public static SessionSize ParseSize(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "standard" => SessionSize.Standard,
        "premium" => SessionSize.Premium,
        _ => throw ArrException.BadRequest($"size must be 'Standard' or 'Premium'; got '{text}'."),
    };

    public static string SizeName(SessionSize size) => size == SessionSize.Premium ? "Premium" : "Standard";

    public static string StatusName(SessionStatus status) => status switch
    {
        SessionStatus.Starting => "Starting",
        SessionStatus.Ready => "Ready",
        SessionStatus.Stopped => "Stopped",
        SessionStatus.Expired => "Expired",
        SessionStatus.Error => "Error",
        _ => "Unknown",
    };

    public static double Teraflops(SessionSize size) => size == SessionSize.Premium ? 21.2 : 10.6;

    /// <summary>Whole lease minutes spent in Ready, up to the end or now (<paramref name="leaseMinute"/>: a real minute unless a local region runs leases faster).</summary>
    public static int ElapsedMinutes(SessionRecord s, DateTimeOffset now, TimeSpan? leaseMinute = null)
    {
        if (s.ReadyTime is not { } ready) return 0;
        var end = s.EndTime ?? now;
        var minutes = (end - ready) / (leaseMinute ?? TimeSpan.FromMinutes(1));
        return minutes <= 0 ? 0 : (int)Math.Floor(minutes);
    }

    public static TimeSpan Elapsed(SessionRecord s, DateTimeOffset now)
    {
        if (s.ReadyTime is not { } ready) return TimeSpan.Zero;
        var d = (s.EndTime ?? now) - ready;
        return d < TimeSpan.Zero ? TimeSpan.Zero : d;
    }
}
