using System.Globalization;
using System.Text.Json.Serialization;

namespace ArrHost.Bench.Matrix;

/// <summary>
/// Conditions the loopback proxy imposes on the render stream, per direction: one-way delay,
/// uniform jitter (+/-) and a bandwidth limit. "none" means no proxy at all.
/// </summary>
internal sealed record NetworkProfile
{
    [JsonPropertyName("name")] public string Name { get; init; } = "none";
    [JsonPropertyName("delayMs")] public double DelayMs { get; init; }
    [JsonPropertyName("jitterMs")] public double JitterMs { get; init; }
    /// <summary>Bits per second per direction; 0 = unlimited.</summary>
    [JsonPropertyName("bandwidthBitsPerSecond")] public double BandwidthBitsPerSecond { get; init; }

    [JsonIgnore] public bool IsNone => Name == "none";

    public static NetworkProfile None { get; } = new();

    /// <summary>A home broadband path to a nearby region: 20 ms one way, +/-5 ms, 50 Mbit/s.</summary>
    public static NetworkProfile Wan { get; } = new() { Name = "wan", DelayMs = 20, JitterMs = 5, BandwidthBitsPerSecond = 50e6 };

    /// <summary>A mobile path: 40 ms one way, +/-15 ms, 20 Mbit/s.</summary>
    public static NetworkProfile Lte { get; } = new() { Name = "lte", DelayMs = 40, JitterMs = 15, BandwidthBitsPerSecond = 20e6 };

    /// <summary>Parses none | wan | lte | custom:delay=20,jitter=5,bandwidth=50M (ms, ms, bit/s with k/M/G).</summary>
    public static NetworkProfile Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "" or "none": return None;
            case "wan": return Wan;
            case "lte": return Lte;
        }

        if (!t.StartsWith("custom:", StringComparison.Ordinal))
        {
            throw new FormatException($"Unknown network '{text}': use none, wan, lte or custom:delay=MS,jitter=MS,bandwidth=BITS (e.g. 50M).");
        }

        double delay = 0, jitter = 0, bandwidth = 0;
        foreach (var part in t["custom:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) throw new FormatException($"Expected key=value in '{part}'.");
            switch (kv[0])
            {
                case "delay": delay = Number(kv[1].Replace("ms", "", StringComparison.Ordinal)); break;
                case "jitter": jitter = Number(kv[1].Replace("ms", "", StringComparison.Ordinal)); break;
                case "bandwidth": bandwidth = Bits(kv[1]); break;
                default: throw new FormatException($"Unknown network setting '{kv[0]}' (delay, jitter, bandwidth).");
            }
        }

        if (delay < 0 || jitter < 0 || bandwidth < 0) throw new FormatException("Network settings must not be negative.");
        if (jitter > delay) throw new FormatException("Jitter must not exceed the delay (packets are never sent back in time).");
        return new NetworkProfile { Name = t, DelayMs = delay, JitterMs = jitter, BandwidthBitsPerSecond = bandwidth };
    }

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Bits(string s)
    {
        s = s.Replace("bit/s", "", StringComparison.Ordinal).Replace("bps", "", StringComparison.Ordinal);
        var scale = s.Length > 0 ? char.ToLowerInvariant(s[^1]) switch { 'k' => 1e3, 'm' => 1e6, 'g' => 1e9, _ => 1 } : 1;
        return Number(scale == 1 ? s : s[..^1]) * scale;
    }

    public override string ToString() => IsNone
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} ({DelayMs:0.#} ms ±{JitterMs:0.#} ms one way, {(BandwidthBitsPerSecond > 0 ? (BandwidthBitsPerSecond / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " Mbit/s" : "unlimited")} per direction)");
}
