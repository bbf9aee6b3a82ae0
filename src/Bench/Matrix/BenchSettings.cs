using System.Globalization;

namespace ArrHost.Bench.Matrix;

/// <summary>What `arr bench` runs (from the command line).</summary>
internal sealed class BenchSettings
{
    public bool Quick { get; set; }
    public string? Endpoint { get; set; }
    public string AccountId { get; set; } = "";
    public string AccountKey { get; set; } = "";
    public List<(int Width, int Height)> Resolutions { get; set; } = [(1280, 720), (1920, 1080)];
    public List<int> Triangles { get; set; } = [10_000, 100_000];
    public List<string> Codecs { get; set; } = ["jpeg", "h264"];
    public List<int> FramesInFlight { get; set; } = [2];
    public List<int> PoseRates { get; set; } = [60];
    public double Seconds { get; set; } = 10;
    public double WarmupSeconds { get; set; } = 2;
    /// <summary>How long the unthrottled (max fps) limit run lasts at most.</summary>
    public double MaxFpsSeconds { get; set; } = 4;
    public NetworkProfile Network { get; set; } = NetworkProfile.None;
    public string OutDirectory { get; set; } = "bench/results";
    public bool SkipLimit { get; set; }
    public bool SkipSessions { get; set; }

    /// <summary>Skip the glass-to-glass runs in headless Chromium.</summary>
    public bool SkipBrowser { get; set; }
    /// <summary>Decode every frame on the client (ReadDecodedFramesAsync), as a viewer does; false reads encoded frames only.</summary>
    public bool Decode { get; set; } = true;
    /// <summary>RendererInitOptions.MaxFrameRate the client asks for; 0 keeps the SDK default (60).</summary>
    public int MaxFrameRate { get; set; }
    /// <summary>Only the in-process limit: no region, no end-to-end runs, no session benchmarks.</summary>
    public bool LimitOnly { get; set; }
    /// <summary>Session benchmark: create/ready/connect/stop cycles measured one by one.</summary>
    public int SessionIterations { get; set; } = 5;
    /// <summary>Session benchmark: how long create->Ready->stop cycles run back to back for sessions/s.</summary>
    public double SessionThroughputSeconds { get; set; } = 10;
    /// <summary>Before each measured run, wait up to this long for the machine to be quiet (quietrun.sh style).</summary>
    public double QuietWaitSeconds { get; set; } = 5;
    /// <summary>Alternating e2e/limit rounds per scenario; the cleanest round is kept.</summary>
    public int Rounds { get; set; } = 2;

    /// <summary>The `--quick` profile: one small scenario, short runs, under a minute in all.</summary>
    public static BenchSettings QuickProfile() => new()
    {
        Quick = true,
        Resolutions = [(640, 360)],
        Triangles = [10_000],
        Codecs = ["jpeg"],
        Seconds = 3,
        WarmupSeconds = 1,
        MaxFpsSeconds = 2,
        SessionIterations = 2,
        SessionThroughputSeconds = 3,
        QuietWaitSeconds = 0,
        Rounds = 1,
    };

    public IEnumerable<BenchScenario> Scenarios()
    {
        foreach (var (w, h) in Resolutions)
            foreach (var t in Triangles)
                foreach (var c in Codecs)
                    foreach (var f in FramesInFlight)
                        foreach (var r in PoseRates)
                            yield return new BenchScenario(w, h, t, c, f, r);
    }

    public static List<(int, int)> ParseResolutions(string text) =>
        [.. Split(text).Select(r =>
        {
            var p = r.ToLowerInvariant().Split('x');
            if (p.Length != 2 || !int.TryParse(p[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(p[1], CultureInfo.InvariantCulture, out var h) || w < 16 || h < 16)
            {
                throw new FormatException($"Bad resolution '{r}' (expected WxH, e.g. 1280x720).");
            }

            return (w, h);
        })];

    /// <summary>Integers with optional k/M suffix: "10000,100k,1M".</summary>
    public static List<int> ParseCounts(string text) =>
        [.. Split(text).Select(v =>
        {
            var scale = v.EndsWith('k') || v.EndsWith('K') ? 1000 : v.EndsWith('M') || v.EndsWith('m') ? 1_000_000 : 1;
            var digits = scale == 1 ? v : v[..^1];
            if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0) throw new FormatException($"Bad number '{v}'.");
            return (int)Math.Round(n * scale);
        })];

    public static List<string> ParseCodecs(string text) =>
        [.. Split(text).Select(c => c.ToLowerInvariant() switch
        {
            "jpeg" or "jpg" => "jpeg",
            "h264" or "h.264" or "x264" => "h264",
            "raw" => "raw",
            _ => throw new FormatException($"Unknown codec '{c}' (jpeg, h264, raw)."),
        })];

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
