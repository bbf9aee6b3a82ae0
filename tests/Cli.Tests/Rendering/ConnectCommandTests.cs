using System.Text.Json.Nodes;
using ArrHost.Cli.Commands;
using ArrHost.Protos.V1;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Cli.Tests.Rendering;

/// <summary><c>arr connect</c> against in-memory sessions and a fake render host.</summary>
public sealed class ConnectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-connect-").FullName;
    private readonly FakeSessions _sessions = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly StringWriter _ansi = new();

    public ConnectCommandTests()
    {
        _sessions.AddReady("s1");
        _sessions.WatchEvents.Add(new SessionEvent { Sequence = 1, Reason = "Ready", Session = _sessions.Sessions["s1"].Clone() });
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Connect_ExistingSession_StreamsRecordsAndReports()
    {
        var host = new FakeRenderHost();

        var code = await RunAsync(host, "--session", "s1", "--model", "builtin:cube", "--codec", "raw", "--width", "16", "--height", "16",
            "--seconds", "0.5", "--fps", "10", "--save-png-every", "3", "--out", _dir, "--json");

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        Assert.Equal("builtin:cube", host.LoadedUrl);
        // At 10 poses/s no more frames are in flight than the client buffers, so none is dropped even when the reader stalls.
        Assert.InRange(host.Poses.Count, 2, 6);
        Assert.True(host.GoodbyeReceived, "disconnected at the end");
        Assert.Equal(SessionStatus.Ready, _sessions.Sessions["s1"].Status); // not created here, so not stopped

        // Every pose looks at the centre of the model's bounds (the origin) from outside them.
        foreach (var pose in host.Poses)
        {
            var p = new System.Numerics.Vector3(pose.Position.X, pose.Position.Y, pose.Position.Z);
            var q = new System.Numerics.Quaternion(pose.Orientation.X, pose.Orientation.Y, pose.Orientation.Z, pose.Orientation.W);
            var forward = System.Numerics.Vector3.Transform(-System.Numerics.Vector3.UnitZ, q);
            Assert.True(p.Length() > MathF.Sqrt(3));
            Assert.True(System.Numerics.Vector3.Dot(forward, System.Numerics.Vector3.Normalize(-p)) > 0.999f);
        }

        var json = JsonNode.Parse(_output.ToString())!;
        var frames = (long)json["statistics"]!["frames"]!;
        Assert.Equal(host.Poses.Count, frames);
        Assert.Equal(2.0, (double)json["statistics"]!["hostMs"]!["render"]!["p50"]!, 6);
        Assert.Equal(16 * 16 * 4, (double)json["statistics"]!["bytesPerFrame"]!, 6);
        Assert.Equal("orbit", (string?)json["path"]);
        var pngs = json["files"]!["pngs"]!.AsArray().Select(n => Path.GetFileName((string)n!)).ToArray();
        Assert.Equal(Enumerable.Range(0, (int)frames).Where(i => i % 3 == 0).Select(i => $"frame_{i:D5}.png"), pngs);
        var (rgba, w, h) = PngReader.Read(Path.Combine(_dir, "frame_00000.png"));
        Assert.Equal((16, 16), (w, h));
        Assert.Equal(1, rgba[0]); // the first pose's frame
    }

    [Fact]
    public async Task Connect_EncodingOptions_SentInTheHello()
    {
        var host = new FakeRenderHost();

        var code = await RunAsync(host, "--session", "s1", "--model", "builtin:cube", "--codec", "jpeg", "--width", "16", "--height", "16",
            "--seconds", "0.2", "--quality", "95", "--subsampling", "444", "--bitrate", "8000", "--gop", "30", "--out", _dir);

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        var options = host.HelloOptions!;
        Assert.Equal(Codec.Jpeg, options.Codec);
        Assert.Equal(95u, options.JpegQuality);
        Assert.Equal("444", options.JpegSubsampling);
        Assert.Equal(8000u, options.BitrateKbps);
        Assert.Equal(30u, options.GopLength);
        Assert.True(options.AcknowledgeFrames);
    }

    [Fact]
    public async Task Connect_KeyframeFile_FollowsIt()
    {
        var host = new FakeRenderHost();
        var file = Path.Combine(_dir, "path.json");
        await File.WriteAllTextAsync(file, """[{"t":0,"eye":[0,0,5],"target":[0,0,0]},{"t":10,"eye":[0,0,6],"target":[0,0,0]}]""");

        var code = await RunAsync(host, "--session", "s1", "--model", "builtin:cube", "--codec", "raw", "--width", "16", "--height", "16",
            "--seconds", "0.3", "--fps", "20", "--path", file, "--out", _dir);

        Assert.True(code == ExitCodes.Ok, _error.ToString());
        Assert.NotEmpty(host.Poses);
        Assert.All(host.Poses, p => Assert.InRange(p.Position.Z, 5f, 5.1f));
        Assert.Contains("Pose -> receive", _ansi.ToString());
    }

    [Fact]
    public async Task Connect_HostStopsTheSession_ExitsSessionEnded()
    {
        var host = new FakeRenderHost { StopAfterFrames = 2 };

        var code = await RunAsync(host, "--session", "s1", "--model", "builtin:cube", "--codec", "raw", "--width", "16", "--height", "16",
            "--seconds", "5", "--fps", "20", "--out", _dir);

        Assert.Equal(ExitCodes.SessionEnded, code);
        Assert.Contains("SessionStopped", _error.ToString());
        Assert.InRange(host.Poses.Count, 2, 40); // stopped streaming at once, not after 5 s (100 poses)
    }

    [Theory]
    [InlineData("--model", "builtin:cube")]                                  // neither --session nor --create
    [InlineData("--session", "s1", "--create", "--model", "builtin:cube")]  // both
    [InlineData("--session", "s1")]                                         // no model
    [InlineData("--session", "s1", "--model", "x", "--codec", "vp9")]
    [InlineData("--session", "s1", "--model", "x", "--fps", "0")]
    [InlineData("--session", "s1", "--model", "x", "--subsampling", "411")]
    [InlineData("--session", "s1", "--model", "x", "--quality", "0")]
    [InlineData("--session", "s1", "--model", "x", "--path", "/no/such/path.json")]
    [InlineData("--session", "s1", "--model", "x", "--codec", "h264", "--width", "33")]
    public async Task Connect_BadOptions_ExitTwo(params string[] args)
    {
        var code = await RunAsync(new FakeRenderHost(), args);
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public async Task Connect_UnknownSession_ExitsNotFound()
    {
        var code = await RunAsync(new FakeRenderHost(), "--session", "nope", "--model", "builtin:cube", "--out", _dir);
        Assert.Equal(ExitCodes.NotFound, code);
    }

    private async Task<int> RunAsync(FakeRenderHost host, params string[] args)
    {
        await using var server = FakeServer.Start(_sessions, host);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_ansi),
        });
        ansi.Profile.Width = 200;
        var context = new CliContext
        {
            Out = ansi,
            Output = _output,
            Error = _error,
            GetEnvironment = _ => null,
            CurrentDirectory = _dir,
            CreateClient = server.CreateClient,
        };
        var root = new System.CommandLine.RootCommand("test");
        root.Subcommands.Add(ConnectCommand.Create(context));
        string[] all = ["connect", "--endpoint", "http://127.0.0.1:2", "--account-id", "acct", "--account-key", "key", .. args];
        return await CliRunner.InvokeAsync(root, all, new System.CommandLine.InvocationConfiguration { Output = _output, Error = _error });
    }
}
