using System.Globalization;

namespace ArrHost.Rpc.Internal;

/// <summary>grpc-timeout: at most 8 digits followed by a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }
        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * 10; break;
            case 'n': ticks = amount / 100; break;
            default: return false;
        }
        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Formats a positive timeout with the finest unit that fits in 8 digits (rounded up).</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(1, timeout.Ticks);
        var micros = (ticks + 9) / 10;
        if (micros <= GrpcProtocolConstants.MaxTimeoutValue)
        {
            return micros.ToString(CultureInfo.InvariantCulture) + "u";
        }
        var millis = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        if (millis <= GrpcProtocolConstants.MaxTimeoutValue)
        {
            return millis.ToString(CultureInfo.InvariantCulture) + "m";
        }
        var seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        if (seconds <= GrpcProtocolConstants.MaxTimeoutValue)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }
        var minutes = (ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;
        if (minutes <= GrpcProtocolConstants.MaxTimeoutValue)
        {
            return minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }
        var hours = Math.Min(GrpcProtocolConstants.MaxTimeoutValue, (ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour);
        return hours.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
