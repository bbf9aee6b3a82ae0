using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ArrHost.Tooling.Region;

/// <summary>SIGTERM for a child process: .NET only kills (SIGKILL), and the hosts and arr-bench stop cleanly on SIGTERM.</summary>
public static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks <paramref name="process"/> to stop; nothing where it has exited or the platform has no signals.</summary>
    public static void Terminate(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        try
        {
            if (!process.HasExited) _ = Kill(process.Id, SigTerm);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
