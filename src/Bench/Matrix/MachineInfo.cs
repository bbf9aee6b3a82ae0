using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ArrHost.Bench.Matrix;

/// <summary>What the run ran on: CPU, memory, OS, .NET, codec and driver packages, git commit.</summary>
internal sealed class MachineInfo
{
    public string CpuModel { get; set; } = "";
    public int Cores { get; set; }
    public double MemoryGiB { get; set; }
    public string Kernel { get; set; } = "";
    public string Os { get; set; } = "";
    public string Dotnet { get; set; } = "";
    public string LoadAverageAtStart { get; set; } = "";
    public Dictionary<string, string> Packages { get; set; } = [];
    public string GitCommit { get; set; } = "";
    public string Device { get; set; } = "";
    public string Driver { get; set; } = "";
    public Dictionary<string, string> Encoders { get; set; } = [];

    public static readonly string[] PackageNames = ["libavcodec59", "libturbojpeg0", "libx264-164", "mesa-vulkan-drivers"];

    public static MachineInfo Collect()
    {
        var info = new MachineInfo
        {
            CpuModel = Lscpu("Model name") ?? CpuInfoModel(),
            Cores = Environment.ProcessorCount,
            MemoryGiB = Math.Round(MemTotalKiB() / 1024.0 / 1024.0, 1),
            Kernel = Read("/proc/sys/kernel/osrelease").Trim(),
            Os = OsName(),
            Dotnet = RuntimeInformation.FrameworkDescription,
            LoadAverageAtStart = LoadAverage(),
            GitCommit = Run("git", "rev-parse --short=12 HEAD")?.Trim() ?? "",
        };
        var dirty = Run("git", "status --porcelain --untracked-files=no");
        if (!string.IsNullOrWhiteSpace(dirty)) info.GitCommit += "+dirty";
        foreach (var p in PackageNames)
        {
            info.Packages[p] = PackageVersion(p) ?? "not installed";
        }

        return info;
    }

    public static string LoadAverage() => string.Join(' ', Read("/proc/loadavg").Split(' ').Take(3));

    private static string? Lscpu(string field)
    {
        var text = Run("lscpu", "");
        var line = text?.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(field + ":", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim();
    }

    /// <summary>The installed version of a Debian package, or null.</summary>
    public static string? PackageVersion(string package) =>
        Run("dpkg-query", $"-W -f=${{Version}} {package}")?.Trim() is { Length: > 0 } v ? v : null;

    /// <summary>The CPU's model name from /proc/cpuinfo ("unknown" when it cannot be read).</summary>
    public static string CpuInfoModel() =>
        Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static long MemTotalKiB()
    {
        var line = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string OsName() =>
        Read("/etc/os-release").Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    internal static string? Run(string exe, string args)
    {
        try
        {
            var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit(5000);
            return p.ExitCode == 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
