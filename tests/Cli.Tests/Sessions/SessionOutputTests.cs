using ArrHost.Cli.Output;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Tests.Sessions;

public sealed class SessionOutputTests
{
    private static readonly string[] s_arrKeys =
        ["id", "creationTime", "arrInspectorPort", "handshakePort", "elapsedTimeMinutes", "hostname", "maxLeaseTimeMinutes", "size", "status", "teraflops", "error"];

    [Fact]
    public void ToJson_StartingSession_HasEveryArrKeyWithPlaceholders()
    {
        var p = new RenderingSessionProperties { Id = "s1", Status = RenderingSessionStatus.Starting, Size = RenderingSessionSize.Standard, MaxLeaseInMinutes = 60 };

        var json = SessionOutput.ToJson(p);

        foreach (var key in s_arrKeys) Assert.True(json.ContainsKey(key), key);
        Assert.Null(json["hostname"]);
        Assert.Null(json["error"]);
        Assert.Equal(0, (int)json["handshakePort"]!);
        Assert.Equal("Standard", (string)json["size"]!);
    }

    [Fact]
    public void ToJson_FailedSession_HasErrorObject()
    {
        var p = new RenderingSessionProperties { Id = "s1", Status = RenderingSessionStatus.Error, ErrorCode = "Capacity", ErrorMessage = "no host" };

        var json = SessionOutput.ToJson(p);

        Assert.Equal("Capacity", (string)json["error"]!["code"]!);
        Assert.Equal("Error", (string)json["status"]!);
    }

    [Fact]
    public void Line_StartingWithProgress_ShowsStagePercentAndEta()
    {
        var p = new RenderingSessionProperties { Id = "s1", Status = RenderingSessionStatus.Starting, StartupProgress = new SessionStartupProgress("StartingVm", 0.42, TimeSpan.FromSeconds(12)) };

        var line = SessionOutput.Line(new RenderingSessionChange(p, "Progress", 7), new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal("10:00:00.000 #7 Progress: Starting StartingVm 42%, about 12 s left", line);
    }

    [Theory]
    [InlineData(RemoteRenderingErrorCodes.NotFound, ExitCodes.NotFound)]
    [InlineData(RemoteRenderingErrorCodes.Unauthenticated, ExitCodes.Unauthenticated)]
    [InlineData(RemoteRenderingErrorCodes.RateLimited, ExitCodes.Unavailable)]
    [InlineData(RemoteRenderingErrorCodes.Unavailable, ExitCodes.Unavailable)]
    [InlineData(RemoteRenderingErrorCodes.SessionEnded, ExitCodes.SessionEnded)]
    [InlineData(RemoteRenderingErrorCodes.FailedPrecondition, ExitCodes.Refused)]
    [InlineData(RemoteRenderingErrorCodes.OtherSessionConnected, ExitCodes.Refused)]
    [InlineData(RemoteRenderingErrorCodes.Internal, ExitCodes.Error)]
    public void Classify_RemoteRenderingError_MapsToExitCode(string errorCode, int exitCode)
    {
        var (code, message) = CliErrors.Classify(new RemoteRenderingException(errorCode, "boom"), CancellationToken.None);

        Assert.Equal(exitCode, code);
        Assert.Contains("boom", message);
    }

    [Fact]
    public void Classify_RateLimitedWithRetryAfter_SaysWhenToRetry()
    {
        var (_, message) = CliErrors.Classify(new RemoteRenderingException(RemoteRenderingErrorCodes.RateLimited, "slow down") { RetryAfter = TimeSpan.FromSeconds(15) }, CancellationToken.None);

        Assert.Contains("retry after 15 s", message);
    }

    [Fact]
    public void Classify_CancelledByUser_ExitsCancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Equal(ExitCodes.Cancelled, CliErrors.Classify(new OperationCanceledException(), cts.Token).ExitCode);
    }
}
