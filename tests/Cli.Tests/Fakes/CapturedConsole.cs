using ArrHost.Client;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Tests.Fakes;

/// <summary>A command-line context whose output, error and Spectre console are captured in memory.</summary>
internal sealed class CapturedConsole
{
    public CapturedConsole(
        Dictionary<string, string>? environment = null,
        string? directory = null,
        Func<RemoteRenderingClientOptions, RemoteRenderingClient>? createClient = null)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Ansi),
        });
        ansi.Profile.Width = 200;
        Context = new CliContext
        {
            Out = ansi,
            Output = Output,
            Error = Error,
            GetEnvironment = name => environment is not null && environment.TryGetValue(name, out var v) ? v : null,
            CurrentDirectory = directory ?? Path.GetTempPath(),
            CreateClient = createClient ?? (o => new RemoteRenderingClient(o)),
        };
    }

    public StringWriter Ansi { get; } = new();

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    public CliContext Context { get; }
}
