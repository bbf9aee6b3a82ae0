using System.Diagnostics;

namespace ArrHost.Rendering.Tests.Encoding;

/// <summary>Runs Debian's ffmpeg/ffprobe (an independent decoder) with a hard timeout.</summary>
internal static class FfmpegCli
{
    public static bool Available => File.Exists("/usr/bin/ffmpeg") && File.Exists("/usr/bin/ffprobe");

    /// <summary>Decodes a file to raw RGBA frames on stdout.</summary>
    public static byte[] DecodeToRgba(string path, string? inputFormat = null)
    {
        string format = inputFormat == null ? "" : $"-f {inputFormat} ";
        return Run("/usr/bin/ffmpeg", $"-v error -nostdin {format}-i \"{path}\" -f rawvideo -pix_fmt rgba -");
    }

    public static string Probe(string path, string entries) =>
        System.Text.Encoding.UTF8.GetString(Run("/usr/bin/ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries {entries} -of default=noprint_wrappers=1 \"{path}\"")).Trim();

    private static byte[] Run(string exe, string args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {args} did not finish in 60 s");
        }
        copy.Wait(TimeSpan.FromSeconds(10));
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {args} failed ({p.ExitCode}): {err.Result}");
        }
        return stdout.ToArray();
    }
}
