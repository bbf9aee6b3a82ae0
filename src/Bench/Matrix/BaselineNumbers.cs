namespace ArrHost.Bench.Matrix;

/// <summary>
/// The C baseline of this machine, copied from ../shared/baseline/RESULTS.md (measured 2026-11-21
/// with quietrun.sh, lavapipe/llvmpipe on the 2-vCPU Xeon @ 2.50GHz): the tables "Results: render +
/// readback", "Results: encode" and "Estimated end-to-end per frame". Only the scenes that match the
/// harness's (the same 24x14 sphere grid at 720p/1080p with 10k/100k triangles) are listed.
/// </summary>
internal static class BaselineNumbers
{
    public const string Source = "../shared/baseline/RESULTS.md (C, vkbase + encbase, 2026-11-21)";

    /// <summary>The lscpu model name of the machine the baseline was measured on.</summary>
    public const string Cpu = "Intel(R) Xeon(R) Processor @ 2.50GHz";

    public static BaselineRow? For(BenchScenario s) => (s.Width * 10_000 + s.Height, s.Triangles, s.Codec) switch
    {
        (12_800_720, 10_000, "jpeg") => new(11.34, 96.6, 3.60, 14.9, 67),
        (12_800_720, 10_000, "h264") => new(11.34, 96.6, 10.14, 21.5, 47),
        (12_800_720, 100_000, "jpeg") => new(40.25, 29.8, 3.60, 43.9, 23),
        (12_800_720, 100_000, "h264") => new(40.25, 29.8, 10.14, 50.4, 20),
        (19_201_080, 10_000, "jpeg") => new(26.07, 47.8, 7.63, 33.7, 30),
        (19_201_080, 10_000, "h264") => new(26.07, 47.8, 19.50, 45.6, 22),
        (19_201_080, 100_000, "jpeg") => new(52.68, 20.6, 7.63, 60.3, 17),
        (19_201_080, 100_000, "h264") => new(52.68, 20.6, 19.50, 72.2, 14),
        _ => null,
    };
}
