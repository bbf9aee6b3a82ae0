using System.CommandLine;

namespace ArrHost.Tooling.CommandLine;

/// <summary>Parses and invokes the command line; a command line that does not parse exits with <see cref="ExitCodes.Usage"/>.</summary>
public static class CliRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration? configuration = null)
    {
        var parse = root.Parse(args);
        // Ctrl-C and SIGTERM cancel the command; give it time to stop what it started (a region's processes).
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        var code = await parse.InvokeAsync(configuration).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }
}
