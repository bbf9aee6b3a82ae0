using System.Diagnostics;

namespace ArrHost.Tooling.Region;

/// <summary>
/// A region process (control plane or render host) started from the same build folder as arr.
/// Its output goes to a log file; lines starting with a marker are handed to waiters.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<(string Marker, TaskCompletionSource<string> Line)> _waiters = [];

    // Marker lines already printed: a waiter that comes later must still see them.
    private readonly List<string> _markerLines = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    /// <summary>The variable the hosts' ParentWatch (ArrHost.Rpc.Server) reads: they stop when this pid is gone.</summary>
    public const string ParentPidVariable = "ARR_PARENT_PID";

    public string Name { get; }
    public int Id => _process.Id;
    public Task<int> Exited => _exited.Task;

    public static ChildProcess Start(string name, string assembly, IEnumerable<string> args, string logPath, IDictionary<string, string>? env = null)
    {
        var dll = HostBinaries.Locate(assembly);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // Children end themselves if this process dies without stopping them (killed, crashed).
        info.Environment[ParentPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (env is not null)
        {
            foreach (var (k, v) in env) info.Environment[k] = v;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.OnExit();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line starting with <paramref name="marker"/>; fails if the process exits first or time runs out.</summary>
    public async Task<string> WaitForLineAsync(string marker, TimeSpan timeout, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = _markerLines.Find(l => l.StartsWith(marker, StringComparison.Ordinal));
            if (seen is not null) return seen;
            _waiters.Add((marker, tcs));
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var done = await Task.WhenAny(tcs.Task, _exited.Task, Task.Delay(Timeout.Infinite, cts.Token)).ConfigureAwait(false);
        if (done == tcs.Task) return await tcs.Task.ConfigureAwait(false);
        if (done == _exited.Task) throw new InvalidOperationException($"{Name} exited with code {_exited.Task.Result} before it was ready; see its log");
        ct.ThrowIfCancellationRequested();
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s; see its log");
    }

    /// <summary>Asks the process to stop (SIGTERM), then kills it if it does not within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        ProcessSignals.Terminate(_process);
        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the process at once, as a crash would.</summary>
    public void KillNow()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            if (line.StartsWith("ARR_", StringComparison.Ordinal)) _markerLines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.StartsWith(_waiters[i].Marker, StringComparison.Ordinal))
                {
                    _waiters[i].Line.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void OnExit()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
