using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace ArrHost.Integration.Tests;

/// <summary>
/// `arr bench --quick` end to end: it starts its own local region (control plane + one render
/// host on loopback), runs one small scenario through the SDK and in-process, the session
/// benchmarks, and writes JSON, Markdown and SVG. It takes under a minute on a quiet machine; the
/// limit here only catches a hang, with room for a busy shared one.
/// </summary>
public sealed class BenchSmokeTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);
    private readonly string _out = Path.Combine(Path.GetTempPath(), "arr-bench-smoke-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BenchQuick_LocalRegion_WritesSaneResults()
    {
        var (root, arr) = ArrBuild.Locate();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { arr, "bench", "--quick", "--out", _out }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"arr bench --quick did not finish within {s_limit.TotalSeconds} s:\n{await stdout}\n{await stderr}");
        }

        var log = await stdout + "\n" + await stderr;
        Assert.True(process.ExitCode == 0, $"arr bench --quick exited with {process.ExitCode}:\n{log}");

        var json = Path.Combine(_out, "quick.json");
        var md = Path.Combine(_out, "quick.md");
        Assert.True(File.Exists(json), log);
        Assert.True(File.Exists(md), log);
        var svgs = Directory.GetFiles(_out, "quick*.svg");
        Assert.Contains(svgs, f => f.EndsWith("quick-stages.svg", StringComparison.Ordinal));
        Assert.Contains(svgs, f => Path.GetFileName(f).StartsWith("quick-cdf-", StringComparison.Ordinal));
        foreach (var svg in svgs) Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var run = doc.RootElement;
        Assert.False(string.IsNullOrEmpty(run.GetProperty("machine").GetProperty("cpuModel").GetString()));
        Assert.False(string.IsNullOrEmpty(run.GetProperty("machine").GetProperty("device").GetString()));
        var scenario = Assert.Single(run.GetProperty("scenarios").EnumerateArray());
        var e2e = scenario.GetProperty("e2e");
        Assert.False(e2e.TryGetProperty("error", out _), log);
        Assert.True(e2e.GetProperty("framesReceived").GetInt64() > 0, log);
        Assert.True(e2e.GetProperty("fps").GetDouble() > 0, log);
        Assert.True(e2e.GetProperty("meanBytesPerFrame").GetDouble() > 0, log);
        var rx = e2e.GetProperty("stages").GetProperty("poseToReceive");
        Assert.True(rx.GetProperty("p50").GetDouble() > 0, log);
        Assert.True(rx.GetProperty("p99").GetDouble() >= rx.GetProperty("p50").GetDouble(), log);
        Assert.True(e2e.GetProperty("stages").GetProperty("hostRender").GetProperty("p50").GetDouble() > 0, log);
        var limit = scenario.GetProperty("limit");
        Assert.True(limit.GetProperty("framesReceived").GetInt64() > 0, log);
        Assert.True(limit.GetProperty("stages").GetProperty("poseToEncoded").GetProperty("p50").GetDouble() > 0, log);
        Assert.True(scenario.GetProperty("p50Ratio").GetDouble() > 0, log);
        var sessions = run.GetProperty("sessions");
        Assert.True(sessions.GetProperty("createToReady").GetProperty("count").GetInt32() > 0, log);
        Assert.True(sessions.GetProperty("sessionsPerSecond").GetDouble() > 0, log);

        var text = await File.ReadAllTextAsync(md);
        Assert.Contains("360p-10k-jpeg-if2-60hz", text, StringComparison.Ordinal);
        Assert.Contains("![", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_out, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
