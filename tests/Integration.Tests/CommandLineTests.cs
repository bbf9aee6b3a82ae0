using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace ArrHost.Integration.Tests;

/// <summary>`arr region` and `arr demo` as a user runs them: real processes, in a temp working folder.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(4);
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Region_Foreground_WritesRegionJsonAndSigtermStopsEveryProcess()
    {
        using var region = Start("region", "--hosts", "standard", "--startup-delay", "0", "--asset-root", _dir);
        var output = new List<string>();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        region.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.Contains("Press Ctrl-C to stop.", StringComparison.Ordinal)) up.TrySetResult();
        };
        region.BeginOutputReadLine();
        var stderr = region.StandardError.ReadToEndAsync();
        try
        {
            await up.Task.WaitAsync(s_limit);
        }
        catch (TimeoutException)
        {
            region.Kill(entireProcessTree: true);
            Assert.Fail($"arr region did not come up within {s_limit}:\n{string.Join('\n', output)}\n{await stderr}");
        }

        using var info = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "out", "region.json")));
        var root = info.RootElement;
        var grpc = new Uri(root.GetProperty("endpoint").GetString()!);
        Assert.StartsWith("http://127.0.0.1:", root.GetProperty("restEndpoint").GetString());
        Assert.NotEqual("", root.GetProperty("accountId").GetString());
        Assert.NotEqual("", root.GetProperty("accountKey").GetString());
        var host = Assert.Single(root.GetProperty("hosts").EnumerateArray());
        Assert.Equal("standard", host.GetProperty("size").GetString());
        var hostPid = host.GetProperty("pid").GetInt32();
        Assert.True(Listening(grpc.Port), "the control plane listens while the region runs");

        Assert.Equal(0, Signal(region.Id, "TERM"));
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await region.WaitForExitAsync(exit.Token);
        }

        Assert.Equal(0, region.ExitCode);
        Assert.False(Listening(grpc.Port), "the control plane stopped with the region");
        Assert.False(Alive(hostPid), $"render host {hostPid} stopped with the region");
    }

    [Fact]
    public async Task Demo_OneSecond_ExitsZeroAndLeavesPlayableVideoAndFrames()
    {
        var outDir = Path.Combine(_dir, "demo");
        using var demo = Start("demo", "--seconds", "1", "--width", "320", "--height", "240", "--model", "builtin:cube", "--out", outDir, "--asset-root", _dir);
        var stdout = demo.StandardOutput.ReadToEndAsync();
        var stderr = demo.StandardError.ReadToEndAsync();
        using (var exit = new CancellationTokenSource(s_limit))
        {
            try
            {
                await demo.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                demo.Kill(entireProcessTree: true);
                Assert.Fail($"arr demo did not finish within {s_limit}:\n{await stdout}\n{await stderr}");
            }
        }

        var log = await stdout + "\n" + await stderr;
        Assert.True(demo.ExitCode == 0, $"arr demo exited with {demo.ExitCode}:\n{log}");
        Assert.NotEmpty(Directory.GetFiles(outDir, "*.png"));
        var video = Path.Combine(outDir, "stream.mp4");
        Assert.True(File.Exists(video), log);
        var probe = Run("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1", video);
        Assert.Contains("codec_name=h264", probe);
        Assert.Contains("width=320", probe);
        var frames = int.Parse(probe.Split('\n').Single(l => l.StartsWith("nb_read_frames=", StringComparison.Ordinal))["nb_read_frames=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(frames > 0, probe);
    }

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ArrBuild.Locate().ArrDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static int Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
