using System.Diagnostics;
using System.Threading.Channels;
using ArrHost.Rpc.Server.Tests.Echo;

namespace ArrHost.Interop.Tests;

/// <summary>A python3-grpcio process running tests/Interop.Tests/python/echo_peer.py; every wait is bounded.</summary>
public sealed class PythonPeer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private static readonly Lazy<string> s_descriptorFile = new(WriteDescriptor);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _allOutput = new();

    private PythonPeer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_allOutput)
            {
                return string.Join("\n", _allOutput);
            }
        }
    }

    public static PythonPeer Start(params string[] args)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install python3-grpcio and python3-protobuf (./arr setup does).");
        }
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python", "echo_peer.py"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.ArgumentList.Add("--descriptor");
        psi.ArgumentList.Add(s_descriptorFile.Value);
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        psi.Environment["PYTHONPATH"] = "";
        return new PythonPeer(Process.Start(psi)!);
    }

    /// <summary>Runs one client scenario against <paramref name="target"/>; fails with the script's output unless it passes.</summary>
    public static async Task RunClientCaseAsync(Uri target, string scenario)
    {
        await using var peer = Start("client", "--target", $"{target.Host}:{target.Port}", "--case", scenario);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await peer._process.WaitForExitAsync(cts.Token);
        peer._process.WaitForExit();
        Assert.True(peer._process.ExitCode == 0 && peer.Output.Contains("PASS"), $"python client case '{scenario}' failed:\n{peer.Output}");
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..].Trim();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"python peer printed no '{prefix}' line in {timeout}:\n{Output}");
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_allOutput)
        {
            _allOutput.Add(line);
        }
        _lines.Writer.TryWrite(line);
    }

    private static string WriteDescriptor()
    {
        var path = Path.Combine(Path.GetTempPath(), $"arr-echo-{Environment.ProcessId}.pb");
        File.WriteAllBytes(path, EchoReflection.Descriptor.SerializedData.ToByteArray());
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
