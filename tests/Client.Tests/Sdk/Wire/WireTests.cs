using System.Diagnostics;
using System.Numerics;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>The SDK over the project's gRPC stack against fake services on real Kestrel.</summary>
public sealed class WireTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadFrames_AcknowledgeFramesOption_AcksTheNewestFrameOnlyWhenAsked(bool acknowledge)
    {
        await using var server = await WireServer.StartAsync();
        using var client = server.CreateClient();
        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "ack-" + acknowledge, MaxLeaseInMinutes = 10 }).WaitAsync(s_limit);
        await session.WaitForReadyAsync().WaitAsync(s_limit);
        await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 16, Height = 16, AcknowledgeFrames = acknowledge }).WaitAsync(s_limit);
        Assert.Equal(acknowledge, connection.EffectiveOptions.AcknowledgeFrames);

        ulong last = 0;
        using (var cts = new CancellationTokenSource(s_limit))
        {
            for (var i = 0; i < 3; i++)
            {
                var pose = connection.SubmitPose(new Vector3(0, 0, 5), Quaternion.Identity);
                await foreach (var f in connection.ReadFramesAsync(cts.Token))
                {
                    if (f.PoseId != pose) continue;
                    last = f.FrameNumber;
                    break;
                }
            }
        }

        // A ray cast is answered after every message the client sent before it, acks included.
        await connection.RayCastQueryAsync(new RayCast(new Vector3(0, 0, 5), -Vector3.UnitZ)).WaitAsync(s_limit);
        var deadline = DateTime.UtcNow + s_limit;
        while (acknowledge && Interlocked.Read(ref server.State.LastFrameAck) != (long)last && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(acknowledge ? (long)last : 0, Interlocked.Read(ref server.State.LastFrameAck));
    }

    [Fact]
    public async Task Lifecycle_CreateWaitConnectLoadPoseRayCastStop_WorksOverTheWire()
    {
        await using var server = await WireServer.StartAsync();
        using var client = server.CreateClient();
        var events = new List<ConnectionStatusChangedEventArgs>();

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "wire-1", MaxLeaseInMinutes = 10 }).WaitAsync(s_limit);
        session.ConnectionStatusChanged += (_, e) =>
        {
            lock (events) events.Add(e);
        };
        var stages = new List<string>();
        var ready = await session.WaitForReadyAsync(new SyncProgress<SessionStartupProgress>(p => stages.Add(p.Stage))).WaitAsync(s_limit);
        await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 4 * 4, Height = 2 * 8 }).WaitAsync(s_limit);
        var fractions = new List<float>();
        var model = await connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:cube" }, new SyncProgress<float>(fractions.Add)).WaitAsync(s_limit);
        var poseId = connection.SubmitPose(new Vector3(0, 0, 5), Quaternion.Identity);
        RenderedFrame? frame = null;
        using (var cts = new CancellationTokenSource(s_limit))
        {
            await foreach (var f in connection.ReadFramesAsync(cts.Token))
            {
                frame = f;
                break;
            }
        }

        var hits = await connection.RayCastQueryAsync(new RayCast(new Vector3(0, 0, 5), -Vector3.UnitZ)).WaitAsync(s_limit);
        var stopped = await session.StopAsync().WaitAsync(s_limit);

        Assert.Equal(RenderingSessionStatus.Ready, ready.Status);
        Assert.Contains("StartingVm", stages);
        Assert.Equal("Ready", stages[^1]);
        Assert.Equal([0.5f], fractions);
        Assert.Equal("mesh", model.Root.Children[0].Name);
        Assert.NotNull(frame);
        Assert.Equal(poseId, frame.PoseId);
        Assert.True(frame.PoseToReceiveLatency > TimeSpan.Zero);
        Assert.Equal(2ul, Assert.Single(hits).EntityId);
        Assert.Equal(RenderingSessionStatus.Stopped, stopped.Status);
        Assert.False(session.IsConnected);
        lock (events)
        {
            Assert.Equal([ConnectionStatus.Connecting, ConnectionStatus.Connected, ConnectionStatus.Disconnected], events.Select(e => e.Status));
            Assert.Equal(ConnectionStatusReasons.SessionStopped, events[^1].Reason);
        }
    }

    [Fact]
    public async Task CreateNewRenderingSessionAsync_ResourceExhaustedWithRetryAfterMs_RetriesAfterServerDelay()
    {
        await using var server = await WireServer.StartAsync();
        server.State.RateLimitCreates = 1;
        server.State.RetryTrailer = ("retry-after-ms", "300");
        using var client = server.CreateClient();
        var clock = Stopwatch.StartNew();

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "rl-1" }).WaitAsync(s_limit);

        Assert.Equal("rl-1", session.SessionUuid);
        Assert.Equal(2, server.State.CreateCalls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CreateNewRenderingSessionAsync_RetryAfterSecondsAboveMax_ThrowsRateLimitedWithDelay()
    {
        await using var server = await WireServer.StartAsync();
        server.State.RateLimitCreates = 1;
        server.State.RetryTrailer = ("retry-after", "120");
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions()).WaitAsync(s_limit));

        Assert.Equal(RemoteRenderingErrorCodes.RateLimited, ex.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
    }

    [Fact]
    public async Task OpenRenderingSessionAsync_WrongAccountKey_ThrowsUnauthenticated()
    {
        await using var server = await WireServer.StartAsync();
        using var client = server.CreateClient(accountKey: "wrong");

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => client.OpenRenderingSessionAsync("x").WaitAsync(s_limit));

        Assert.Equal(RemoteRenderingErrorCodes.Unauthenticated, ex.ErrorCode);
    }

    [Fact]
    public async Task OpenRenderingSessionAsync_Unknown_ThrowsNotFound()
    {
        await using var server = await WireServer.StartAsync();
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => client.OpenRenderingSessionAsync("nope").WaitAsync(s_limit));

        Assert.Equal(RemoteRenderingErrorCodes.NotFound, ex.ErrorCode);
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public async Task ConnectAsync_SecondClient_RefusedWithOtherSessionConnected()
    {
        await using var server = await WireServer.StartAsync();
        using var first = server.CreateClient();
        using var second = server.CreateClient();
        var s1 = await first.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "two" }).WaitAsync(s_limit);
        await s1.WaitForReadyAsync().WaitAsync(s_limit);
        await using var c1 = await s1.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw }).WaitAsync(s_limit);
        var s2 = await second.OpenRenderingSessionAsync("two").WaitAsync(s_limit);

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => s2.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw }).WaitAsync(s_limit));

        Assert.Equal(RemoteRenderingErrorCodes.OtherSessionConnected, ex.ErrorCode);
        Assert.True(s1.IsConnected);
        Assert.False(s2.IsConnected);

        await s1.DisconnectAsync().WaitAsync(s_limit);
        RenderingConnection? c2 = null;
        var freeBy = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (c2 is null)
        {
            try
            {
                c2 = await s2.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw }).WaitAsync(s_limit);
            }
            catch (RemoteRenderingException e) when (e.ErrorCode == RemoteRenderingErrorCodes.OtherSessionConnected && DateTime.UtcNow < freeBy)
            {
                // The host frees the slot just after its goodbye.
                await Task.Delay(50);
            }
        }

        Assert.True(s2.IsConnected);
        await s2.DisconnectAsync();
    }
}
