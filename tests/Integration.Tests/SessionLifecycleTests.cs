using System.Numerics;
using ArrHost.Client;

namespace ArrHost.Integration.Tests;

/// <summary>The whole product against real processes: a control plane and two render hosts on loopback.</summary>
public sealed class SessionLifecycleTests(LifecycleRegion region) : IClassFixture<LifecycleRegion>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Session_CreateConnectLoadStreamRaycastReconnectExtendStop_BehavesAsTheServiceDoes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        using var client = region.NewClient();

        // Create answers at once with Starting; Ready is reached with start-up progress reported.
        var session = await CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, ct);
        var progress = new List<SessionStartupProgress>();
        var ready = await session.WaitForReadyAsync(new SyncProgress<SessionStartupProgress>(progress.Add), ct);
        Assert.Equal(RenderingSessionStatus.Ready, ready.Status);
        Assert.NotEmpty(progress);
        Assert.NotEqual("", ready.RenderEndpoint);
        Assert.True(ready.HandshakePort > 0);

        // Connect with JPEG, load a Khronos sample from the host's asset root, stream frames.
        var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Jpeg, Width = 320, Height = 240 }, ct);
        Assert.True(session.IsConnected);
        var loadProgress = new List<float>();
        var duck = await connection.LoadModelAsync(new LoadModelOptions { Url = "Duck.glb" }, new SyncProgress<float>(loadProgress.Add), ct);
        Assert.Equal(4212ul, duck.PrimitiveCount);
        Assert.NotEmpty(loadProgress);
        var (eye, center) = Framing(duck);
        var frame = await FirstFrameAsync(connection, eye, center, decode: true, ct);
        Assert.Equal(FrameCodec.Jpeg, frame.Encoded.Codec);
        Assert.Equal(320, frame.Width);
        Assert.True(CoveredFraction(frame) > 0.02, "the duck should cover part of the frame");

        // Ray cast from the camera through the model's centre hits it.
        var hits = await connection.RayCastQueryAsync(new RayCast(eye, Vector3.Normalize(center - eye)), ct);
        var hit = Assert.Single(hits);
        Assert.True(hit.DistanceToHit > 0 && hit.DistanceToHit < Vector3.Distance(eye, center));

        // A second client of the same session is refused while the first is connected.
        using (var other = region.NewClient())
        {
            var same = await other.OpenRenderingSessionAsync(session.SessionUuid, ct);
            var refused = await Assert.ThrowsAsync<RemoteRenderingException>(() => same.ConnectAsync(new RendererInitOptions { Width = 64, Height = 48 }, ct));
            Assert.Equal(RemoteRenderingErrorCodes.OtherSessionConnected, refused.ErrorCode);
        }

        // Disconnect and reconnect (H.264, then raw): a clean slate each time.
        await session.DisconnectAsync();
        Assert.False(session.IsConnected);
        connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.H264, Width = 320, Height = 240 }, ct);
        var stale = await Assert.ThrowsAsync<RemoteRenderingException>(() => connection.DeleteEntityAsync(duck.Root, ct));
        Assert.Equal(RemoteRenderingErrorCodes.NotFound, stale.ErrorCode);
        Assert.Empty(await connection.RayCastQueryAsync(new RayCast(eye, Vector3.Normalize(center - eye)), ct));
        await connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:cube" }, null, ct);
        var h264 = await FirstFrameAsync(connection, new Vector3(0, 0, 3), Vector3.Zero, decode: true, ct);
        Assert.Equal(FrameCodec.H264, h264.Encoded.Codec);
        Assert.True(h264.Encoded.Keyframe);

        await session.DisconnectAsync();
        connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 64, Height = 48 }, ct);
        var raw = await FirstFrameAsync(connection, new Vector3(0, 0, 3), Vector3.Zero, decode: false, ct);
        Assert.Equal(64 * 48 * 4, raw.Encoded.Data.Length);

        // Extend: larger is accepted; smaller is refused and changes nothing.
        var renewed = await session.RenewAsync(new RenewalOptions { MaxLeaseInMinutes = 1200 }, ct);
        Assert.Equal(1200, renewed.MaxLeaseInMinutes);
        await Assert.ThrowsAsync<RemoteRenderingException>(() => session.RenewAsync(new RenewalOptions { MaxLeaseInMinutes = 900 }, ct));
        Assert.Equal(1200, (await session.GetPropertiesAsync(ct)).Properties.MaxLeaseInMinutes);

        // Stop closes the stream at once, with the reason.
        var closed = new TaskCompletionSource<ConnectionStatusChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.ConnectionStatusChanged += (_, e) =>
        {
            if (e.Status == ConnectionStatus.Disconnected) closed.TrySetResult(e);
        };
        var stopped = await session.StopAsync(ct);
        Assert.Equal(RenderingSessionStatus.Stopped, stopped.Status);
        var reason = await closed.Task.WaitAsync(s_bound, ct);
        Assert.Equal(ConnectionStatusReasons.SessionStopped, reason.Reason);
        await Assert.ThrowsAsync<RemoteRenderingException>(() => session.RenewAsync(new RenewalOptions { MaxLeaseInMinutes = 1300 }, ct));
        Assert.Equal(RenderingSessionStatus.Stopped, (await session.GetPropertiesAsync(ct)).Properties.Status);
    }

    [Fact]
    public async Task Session_LeaseRunsOut_StreamClosedAsExpiredAndHostReturnsToPool()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        using var client = region.NewClient();
        // With --lease-minute-seconds 1, an 8-minute lease lasts eight seconds of Ready: time to connect on a busy machine.
        // The only Standard host may still be confirming its reset from the test before.
        var session = await CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, ct, leaseMinutes: 8);
        await session.WaitForReadyAsync(null, ct);
        var closed = new TaskCompletionSource<ConnectionStatusChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.ConnectionStatusChanged += (_, e) =>
        {
            if (e.Status == ConnectionStatus.Disconnected) closed.TrySetResult(e);
        };
        await session.ConnectAsync(new RendererInitOptions { Width = 64, Height = 48 }, ct);

        var reason = await closed.Task.WaitAsync(s_bound, ct);
        Assert.Equal(ConnectionStatusReasons.SessionExpired, reason.Reason);
        Assert.Equal(RenderingSessionStatus.Expired, (await session.GetPropertiesAsync(ct)).Properties.Status);

        // The host went back to the pool: a new Standard session becomes Ready on it.
        var next = await CreateWhenHostFreeAsync(client, RenderingSessionSize.Standard, ct);
        Assert.Equal(RenderingSessionStatus.Ready, (await next.WaitForReadyAsync(null, ct)).Status);
        await next.StopAsync(ct);
    }

    [Fact]
    public async Task Session_RenderHostKilled_SessionFailsWithClearMessage()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        using var client = region.NewClient();
        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { Size = RenderingSessionSize.Premium, MaxLeaseInMinutes = 600 }, ct);
        var ready = await session.WaitForReadyAsync(null, ct);
        var closed = new TaskCompletionSource<ConnectionStatusChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.ConnectionStatusChanged += (_, e) =>
        {
            if (e.Status == ConnectionStatus.Disconnected) closed.TrySetResult(e);
        };
        await session.ConnectAsync(new RendererInitOptions { Width = 64, Height = 48 }, ct);

        region.Region.Host(ready.HostId).KillNow();

        var lost = await closed.Task.WaitAsync(s_bound, ct);
        Assert.NotEqual(ConnectionStatusReasons.Disconnected, lost.Reason);
        RenderingSessionProperties properties;
        do
        {
            await Task.Delay(200, ct);
            properties = (await session.GetPropertiesAsync(ct)).Properties;
        }
        while (properties.Status != RenderingSessionStatus.Error);

        Assert.Contains(ready.HostId, properties.ErrorMessage);
    }

    /// <summary>
    /// Creates a session of <paramref name="size"/>, trying again while the only host of that size is
    /// still confirming its reset from the previous session (the create then fails with Capacity).
    /// </summary>
    internal static async Task<RenderingSession> CreateWhenHostFreeAsync(RemoteRenderingClient client, RenderingSessionSize size, CancellationToken ct, int leaseMinutes = 600)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (true)
        {
            var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { Size = size, MaxLeaseInMinutes = leaseMinutes }, ct);
            var properties = (await session.GetPropertiesAsync(ct)).Properties;
            if (properties.Status != RenderingSessionStatus.Error || properties.ErrorCode != "Capacity" || DateTime.UtcNow > deadline) return session;
            await Task.Delay(100, ct);
        }
    }

    internal static (Vector3 Eye, Vector3 Center) Framing(LoadModelResult model)
    {
        var center = (model.BoundsMin + model.BoundsMax) / 2;
        var radius = Vector3.Distance(model.BoundsMin, model.BoundsMax) / 2;
        return (center + new Vector3(0, 0, radius * 2.5f), center);
    }

    internal static async Task<DecodedFrame> FirstFrameAsync(RenderingConnection connection, Vector3 eye, Vector3 target, bool decode, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_bound);
        var orientation = LookRotation(eye, target);
        var pose = connection.SubmitPose(eye, orientation);
        if (decode)
        {
            await foreach (var f in connection.ReadDecodedFramesAsync(timeout.Token))
            {
                if (f.Encoded.PoseId >= pose) return f;
                connection.SubmitPose(eye, orientation);
            }
        }
        else
        {
            await foreach (var f in connection.ReadFramesAsync(timeout.Token))
            {
                if (f.PoseId >= pose) return new DecodedFrame(f, f.Data, f.Width, f.Height, f.Width * 4, TimeSpan.Zero);
            }
        }

        throw new InvalidOperationException("the frame stream ended before a frame arrived");
    }

    internal static Quaternion LookRotation(Vector3 eye, Vector3 target)
    {
        Matrix4x4.Invert(Matrix4x4.CreateLookAt(eye, target, Vector3.UnitY), out var world);
        return Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(world));
    }

    /// <summary>Fraction of pixels clearly brighter than the dark background.</summary>
    private static double CoveredFraction(DecodedFrame frame)
    {
        var span = frame.Rgba.Span;
        var covered = 0;
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var i = (y * frame.Stride) + (x * 4);
                if (span[i] + span[i + 1] + span[i + 2] > 240) covered++;
            }
        }

        return covered / (double)(frame.Width * frame.Height);
    }
}

/// <summary>An IProgress that records on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}
