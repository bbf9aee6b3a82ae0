using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Tests.Sessions;

/// <summary>A CLI context that captures output and talks to <see cref="FakeSessions"/>.</summary>
internal sealed class TestConsole : IAsyncDisposable
{
    private readonly Lazy<FakeServer> _server;
    private readonly CapturedConsole _captured;

    public TestConsole(FakeSessions? sessions = null, Dictionary<string, string>? environment = null, string? directory = null)
    {
        Sessions = sessions ?? new FakeSessions();
        // Started by the first client a command creates; commands that never call the service need none.
        _server = new Lazy<FakeServer>(() => FakeServer.Start(Sessions));
        _captured = new CapturedConsole(environment, directory, o => _server.Value.CreateClient(o));
    }

    public FakeSessions Sessions { get; }

    public StringWriter Ansi => _captured.Ansi;

    public StringWriter Output => _captured.Output;

    public StringWriter Error => _captured.Error;

    public CliContext Context => _captured.Context;

    public string AllOutput => Ansi.ToString() + Output;

    public async Task<int> RunAsync(params string[] args)
    {
        var root = new System.CommandLine.RootCommand("test");
        root.Subcommands.Add(Commands.SessionCommand.Create(Context));
        return await CliRunner.InvokeAsync(root, args, new System.CommandLine.InvocationConfiguration { Output = Output, Error = Error });
    }

    public ValueTask DisposeAsync() => _server.IsValueCreated ? _server.Value.DisposeAsync() : ValueTask.CompletedTask;
}
