using System.Text.Json;
using ArrHost.Protos.V1;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;
using Google.Protobuf.WellKnownTypes;

namespace ArrHost.Cli.Tests.Sessions;

public sealed class SessionCommandTests
{
    private static readonly string[] s_account = ["--endpoint", "http://127.0.0.1:9", "--account-id", "acct", "--account-key", "key"];

    private static string[] Args(params string[] args) => [.. args, .. s_account];

    [Fact]
    public async Task Create_WithIdSizeAndLease_CreatesAndPrintsJson()
    {
        await using var console = new TestConsole();

        var code = await console.RunAsync(Args("session", "create", "--size", "Premium", "--lease", "120", "--id", "demo-1", "--json"));

        Assert.Equal(ExitCodes.Ok, code);
        var session = console.Sessions.Sessions["demo-1"];
        Assert.Equal(SessionSize.Premium, session.Size);
        Assert.Equal(120, session.MaxLeaseTimeMinutes);
        using var json = JsonDocument.Parse(console.Output.ToString());
        Assert.Equal("demo-1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("Starting", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Premium", json.RootElement.GetProperty("size").GetString());
    }

    [Fact]
    public async Task Create_WaitJson_WaitsForReadyThroughWatch()
    {
        var fake = new FakeSessions();
        fake.WatchEvents.Add(new SessionEvent { Sequence = 1, Reason = "Created", Session = new Session { Id = "w1", Status = SessionStatus.Starting, Progress = new StartupProgress { Stage = "StartingVm", Fraction = 0.5 } } });
        fake.WatchEvents.Add(new SessionEvent { Sequence = 2, Reason = "Ready", Session = new Session { Id = "w1", Status = SessionStatus.Ready, RenderEndpoint = "http://127.0.0.1:7000" } });
        await using var console = new TestConsole(fake);

        var code = await console.RunAsync(Args("session", "create", "--id", "w1", "--wait", "--json"));

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(console.Output.ToString());
        Assert.Equal("Ready", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("http://127.0.0.1:7000", json.RootElement.GetProperty("renderEndpoint").GetString());
    }

    [Fact]
    public async Task Create_WaitSessionFails_ExitsSessionEndedWithErrorOnStderr()
    {
        var fake = new FakeSessions();
        fake.WatchEvents.Add(new SessionEvent { Sequence = 1, Reason = "Failed", Session = new Session { Id = "f1", Status = SessionStatus.Error, Error = new SessionError { Code = "Capacity", Message = "no free Standard host" } } });
        await using var console = new TestConsole(fake);

        var code = await console.RunAsync(Args("session", "create", "--id", "f1", "--wait", "--json"));

        Assert.Equal(ExitCodes.SessionEnded, code);
        Assert.Contains("Capacity", console.Error.ToString());
        Assert.Equal("", console.Output.ToString());
    }

    [Theory]
    [InlineData("session", "create", "--size", "huge")]
    [InlineData("session", "create", "--lease", "2000")]
    [InlineData("session", "extend", "s1")]
    [InlineData("session", "show")]
    [InlineData("session", "nope")]
    public async Task Parse_BadCommandLine_ExitsUsage(params string[] args)
    {
        await using var console = new TestConsole();

        var code = await console.RunAsync(Args(args));

        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public async Task Show_UnknownSession_ExitsNotFoundWithMessage()
    {
        await using var console = new TestConsole();

        var code = await console.RunAsync(Args("session", "show", "missing"));

        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("missing", console.Error.ToString());
        Assert.Contains("[NotFound]", console.Error.ToString());
    }

    [Fact]
    public async Task Show_ReadySession_PrintsTableWithEndpoint()
    {
        await using var console = new TestConsole();
        console.Sessions.Sessions["s1"] = new Session { Id = "s1", Status = SessionStatus.Ready, Size = SessionSize.Standard, MaxLeaseTimeMinutes = 60, ElapsedTimeMinutes = 3, RenderEndpoint = "http://127.0.0.1:7000", CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };

        var code = await console.RunAsync(Args("session", "show", "s1"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Ready", console.AllOutput);
        Assert.Contains("http://127.0.0.1:7000", console.AllOutput);
        Assert.Contains("3 of 60 min", console.AllOutput);
    }

    [Fact]
    public async Task Extend_NotLarger_ExitsRefused()
    {
        await using var console = new TestConsole();
        console.Sessions.Sessions["s1"] = new Session { Id = "s1", Status = SessionStatus.Ready, MaxLeaseTimeMinutes = 60 };

        Assert.Equal(ExitCodes.Refused, await console.RunAsync(Args("session", "extend", "s1", "--lease", "30")));
        Assert.Equal(ExitCodes.Ok, await console.RunAsync(Args("session", "extend", "s1", "--lease", "90")));
        Assert.Equal(90, console.Sessions.Sessions["s1"].MaxLeaseTimeMinutes);
    }

    [Fact]
    public async Task Stop_Session_PrintsStopped()
    {
        await using var console = new TestConsole();
        console.Sessions.Sessions["s1"] = new Session { Id = "s1", Status = SessionStatus.Ready };

        var code = await console.RunAsync(Args("session", "stop", "s1"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Session s1 is Stopped.", console.Output.ToString());
    }

    [Fact]
    public async Task List_Json_WritesSessionsArray()
    {
        await using var console = new TestConsole();
        console.Sessions.Sessions["a"] = new Session { Id = "a", Status = SessionStatus.Ready };
        console.Sessions.Sessions["b"] = new Session { Id = "b", Status = SessionStatus.Stopped };

        Assert.Equal(ExitCodes.Ok, await console.RunAsync(Args("session", "list", "--json")));
        using var current = JsonDocument.Parse(console.Output.ToString());
        Assert.Equal(1, current.RootElement.GetProperty("sessions").GetArrayLength());

        console.Output.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.Ok, await console.RunAsync(Args("session", "list", "--all", "--json")));
        using var all = JsonDocument.Parse(console.Output.ToString());
        Assert.Equal(2, all.RootElement.GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task Watch_Json_WritesOneLinePerChangeUntilEnded()
    {
        var fake = new FakeSessions();
        fake.Sessions["s1"] = new Session { Id = "s1", Status = SessionStatus.Ready };
        fake.WatchEvents.Add(new SessionEvent { Sequence = 4, Reason = "LeaseExtended", Session = new Session { Id = "s1", Status = SessionStatus.Ready } });
        fake.WatchEvents.Add(new SessionEvent { Sequence = 5, Reason = "Stopped", Session = new Session { Id = "s1", Status = SessionStatus.Stopped } });
        await using var console = new TestConsole(fake);

        var code = await console.RunAsync(Args("session", "watch", "s1", "--json"));

        Assert.Equal(ExitCodes.Ok, code);
        var lines = console.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var last = JsonDocument.Parse(lines[1]);
        Assert.Equal("Stopped", last.RootElement.GetProperty("reason").GetString());
        Assert.Equal(5, last.RootElement.GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Show_WrongAccountKey_ExitsUnauthenticated()
    {
        await using var console = new TestConsole();

        var code = await console.RunAsync("session", "show", "s1", "--endpoint", "http://127.0.0.1:9", "--account-id", "acct", "--account-key", "wrong");

        Assert.Equal(ExitCodes.Unauthenticated, code);
    }
}
