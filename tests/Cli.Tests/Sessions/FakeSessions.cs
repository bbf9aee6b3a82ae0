using System.Runtime.CompilerServices;
using ArrHost.Client;
using ArrHost.Client.Internal.Retry;
using ArrHost.Client.Internal.Transport;
using ArrHost.Cli.Output;
using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace ArrHost.Cli.Tests.Sessions;

/// <summary>A minimal in-memory Sessions service for running commands end to end without a region.</summary>
internal sealed class FakeSessions : ISessionsTransport
{
    public Dictionary<string, Session> Sessions { get; } = new();

    public List<SessionEvent> WatchEvents { get; } = [];

    public Task<AccessToken> GetAccessTokenAsync(GetAccessTokenRequest request, string authorization, CancellationToken cancellationToken) =>
        authorization == "Bearer acct:key"
            ? Task.FromResult(new AccessToken { Token = "t", ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)) })
            : throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unauthenticated, "bad key");

    public Task<Session> CreateSessionAsync(CreateSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        var s = new Session { Id = request.SessionId, Size = request.Size, MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes, Status = SessionStatus.Starting, CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };
        Sessions[s.Id] = s;
        return Task.FromResult(s.Clone());
    }

    public Task<Session> GetSessionAsync(GetSessionRequest request, string authorization, CancellationToken cancellationToken) => Task.FromResult(Find(request.SessionId).Clone());

    public Task<ListSessionsResponse> ListSessionsAsync(ListSessionsRequest request, string authorization, CancellationToken cancellationToken)
    {
        var r = new ListSessionsResponse();
        r.Sessions.AddRange(Sessions.Values.Where(s => request.IncludeEnded || s.Status is SessionStatus.Starting or SessionStatus.Ready));
        return Task.FromResult(r);
    }

    public Task<Session> UpdateSessionAsync(UpdateSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        var s = Find(request.SessionId);
        if (request.MaxLeaseTimeMinutes <= s.MaxLeaseTimeMinutes) throw new RemoteRenderingException(RemoteRenderingErrorCodes.FailedPrecondition, "the new lease must be larger");
        s.MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes;
        return Task.FromResult(s.Clone());
    }

    public Task<Session> StopSessionAsync(StopSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        var s = Find(request.SessionId);
        s.Status = SessionStatus.Stopped;
        return Task.FromResult(s.Clone());
    }

    public async IAsyncEnumerable<SessionEvent> WatchSessionAsync(WatchSessionRequest request, string authorization, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var e in WatchEvents)
        {
            await Task.Yield();
            yield return e;
        }
    }

    public void Dispose()
    {
    }

    private Session Find(string id) => Sessions.TryGetValue(id, out var s) ? s : throw new RemoteRenderingException(RemoteRenderingErrorCodes.NotFound, $"session '{id}' not found");
}

/// <summary>A CLI context that captures output and talks to <see cref="FakeSessions"/>.</summary>
internal sealed class TestConsole
{
    public TestConsole(FakeSessions? sessions = null, Dictionary<string, string>? environment = null, string? directory = null)
    {
        Sessions = sessions ?? new FakeSessions();
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
            CreateClient = o => new RemoteRenderingClient(o, Sessions, new NoRender(), TimeProvider.System, new RetryPolicy(new RetryOptions { MaxRetries = 0 })),
        };
    }

    public FakeSessions Sessions { get; }

    public StringWriter Ansi { get; } = new();

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    public CliContext Context { get; }

    public string AllOutput => Ansi.ToString() + Output;

    public async Task<int> RunAsync(params string[] args)
    {
        var root = new System.CommandLine.RootCommand("test");
        root.Subcommands.Add(Commands.SessionCommand.Create(Context));
        return await CliRunner.InvokeAsync(root, args, new System.CommandLine.InvocationConfiguration { Output = Output, Error = Error });
    }

    private sealed class NoRender : IRenderTransport
    {
        public IRenderStream Connect(string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
