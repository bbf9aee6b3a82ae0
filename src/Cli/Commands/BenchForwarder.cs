using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ArrHost.Tooling.Region;

namespace ArrHost.Cli.Commands;

/// <summary>
/// `arr bench ...` and `arr render ...` run in arr-bench, which holds the renderer and the benchmarks, so that arr
/// itself needs neither Vulkan nor the hosts: the arguments go unchanged to that program, which shares the console.
/// </summary>
internal static class BenchForwarder
{
    public static readonly string[] Commands = ["bench", "render"];

    /// <summary>Listed in `arr --help`; the tokens after the name reach arr-bench unchanged.</summary>
    public static Command Create(string name, string description)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((r, ct) => RunAsync([name, .. r.UnmatchedTokens], ct));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        string dll;
        try
        {
            dll = HostBinaries.Locate("arr-bench.dll");
        }
        catch (FileNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"arr: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start arr-bench");
        // Ctrl-C reaches the child through the terminal's process group; SIGTERM is passed on, and this process
        // waits for the child to stop what it started.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            ProcessSignals.Terminate(process);
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }
}
