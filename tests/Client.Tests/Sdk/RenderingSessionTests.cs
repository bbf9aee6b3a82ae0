using ArrHost.Client.Tests.Sdk.Fakes;
using ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk;

public sealed class RenderingSessionTests
{
    private static SessionEvent Event(ulong seq, SessionStatus status, string reason, double fraction = 0) => new()
    {
        Sequence = seq,
        Reason = reason,
        Session = new Session
        {
            Id = "s1",
            Status = status,
            Progress = new StartupProgress { Stage = status == SessionStatus.Starting ? "StartingVm" : "Ready", Fraction = fraction, EstimatedRemainingMs = 1000 },
            RenderEndpoint = status == SessionStatus.Ready ? "http://127.0.0.1:1" : "",
            Error = status == SessionStatus.Error ? new SessionError { Code = "Capacity", Message = "no host" } : null,
        },
    };

    private sealed class ListProgress : IProgress<SessionStartupProgress>
    {
        public List<SessionStartupProgress> Items { get; } = [];

        public void Report(SessionStartupProgress value)
        {
            lock (Items) Items.Add(value);
        }
    }

    [Fact]
    public async Task WaitForReadyAsync_ProgressThenReady_ReportsProgressAndReturnsReady()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        var watch = fake.AddWatch();
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        watch.Writer.TryWrite(Event(1, SessionStatus.Starting, "Created", 0.1));
        watch.Writer.TryWrite(Event(2, SessionStatus.Starting, "Progress", 0.6));
        watch.Writer.TryWrite(Event(3, SessionStatus.Ready, "Ready"));
        var progress = new ListProgress();

        var ready = await session.WaitForReadyAsync(progress).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RenderingSessionStatus.Ready, ready.Status);
        Assert.Equal([0.1, 0.6, 1.0], progress.Items.Select(p => p.Fraction));
        Assert.Equal("Ready", progress.Items[^1].Stage);
        Assert.Equal(1, fake.Calls.Count(c => c.Method == "GetSession"));
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchDropsThenResumes_ReconnectsAndSkipsSeenEvents()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        var first = fake.AddWatch();
        var second = fake.AddWatch();
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        first.Writer.TryWrite(Event(1, SessionStatus.Starting, "Created", 0.2));
        first.Writer.TryComplete(new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "stream reset"));
        second.Writer.TryWrite(Event(1, SessionStatus.Starting, "Created", 0.2));
        second.Writer.TryWrite(Event(2, SessionStatus.Ready, "Ready"));
        var progress = new ListProgress();

        var ready = await session.WaitForReadyAsync(progress).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RenderingSessionStatus.Ready, ready.Status);
        Assert.Equal(2, fake.Calls.Count(c => c.Method == "WatchSession"));
        Assert.Equal([0.2, 1.0], progress.Items.Select(p => p.Fraction));
    }

    [Fact]
    public async Task WaitForReadyAsync_SessionFails_ThrowsSessionEndedWithReason()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        var watch = fake.AddWatch();
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        watch.Writer.TryWrite(Event(1, SessionStatus.Error, "Failed"));

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => session.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(RemoteRenderingErrorCodes.SessionEnded, ex.ErrorCode);
        Assert.Contains("Capacity", ex.Message);
    }

    [Fact]
    public async Task WaitForReadyAsync_Cancelled_ThrowsOperationCanceled()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        fake.AddWatch();
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.WaitForReadyAsync(null, cts.Token));
    }

    [Fact]
    public async Task GetPropertiesAsync_AfterRateLimit_AdvisesAtLeastServerDelay()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        fake.FailNext("GetSession", new RemoteRenderingException(RemoteRenderingErrorCodes.RateLimited, "429") { RetryAfter = TimeSpan.FromSeconds(15) });

        var result = await session.GetPropertiesAsync();

        Assert.Equal("s1", result.Properties.Id);
        Assert.Equal(TimeSpan.FromSeconds(15), result.MinimumRetryDelay);
    }

    [Fact]
    public async Task GetPropertiesAsync_NoRateLimit_AdvisesConfiguredPollInterval()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");

        var result = await session.GetPropertiesAsync();

        Assert.Equal(TimeSpan.FromSeconds(5), result.MinimumRetryDelay);
    }

    [Fact]
    public async Task RenewAsync_LargerLease_ReturnsUpdatedProperties()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");

        var p = await session.RenewAsync(new RenewalOptions { MaxLeaseInMinutes = 90 });

        Assert.Equal(90, p.MaxLeaseInMinutes);
    }

    [Fact]
    public async Task ConnectAsync_SessionStarting_ThrowsSessionNotReadyAndStaysDisconnected()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        using var client = TestClient.Create(fake);
        var session = await client.OpenRenderingSessionAsync("s1");
        var events = new List<ConnectionStatusChangedEventArgs>();
        session.ConnectionStatusChanged += (_, e) => events.Add(e);

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => session.ConnectAsync(new RendererInitOptions()));

        Assert.Equal(RemoteRenderingErrorCodes.SessionNotReady, ex.ErrorCode);
        Assert.Equal(ConnectionStatus.Disconnected, session.ConnectionStatus);
        Assert.Equal([ConnectionStatus.Connecting, ConnectionStatus.Disconnected], events.Select(e => e.Status));
    }
}
