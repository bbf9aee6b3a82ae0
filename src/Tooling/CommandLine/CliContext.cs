using ArrHost.Client;
using Spectre.Console;

namespace ArrHost.Tooling.CommandLine;

/// <summary>What the commands write to and read from; tests replace each part.</summary>
public sealed class CliContext
{
    /// <summary>Standard output, through Spectre: tables, markup and progress bars only.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Standard output, raw: JSON and plain lines (never wrapped to the console width).</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Standard error: error messages only.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> GetEnvironment { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The working directory, where <c>out/region.json</c> is looked for.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Creates the SDK client.</summary>
    public Func<RemoteRenderingClientOptions, RemoteRenderingClient> CreateClient { get; init; } = o => new RemoteRenderingClient(o);

    /// <summary>The process's own console.</summary>
    public static CliContext Default() => new() { Out = AnsiConsole.Console, Output = Console.Out, Error = Console.Error };
}
