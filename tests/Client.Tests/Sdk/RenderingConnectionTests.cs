using System.Numerics;
using ArrHost.Client.Tests.Sdk.Fakes;
using Google.Protobuf;
using Proto = ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk;

public sealed class RenderingConnectionTests
{
    private readonly FakeSessionsTransport _sessions = new();
    private readonly FakeRenderTransport _render = new();
    private readonly List<ConnectionStatusChangedEventArgs> _events = [];

    private async Task<(RemoteRenderingClient Client, RenderingSession Session, Task<RenderingConnection> Connect, FakeRenderStream Host)> StartConnectAsync(RendererInitOptions? options = null)
    {
        _sessions.AddSession("s1", Proto.SessionStatus.Ready);
        var client = TestClient.Create(_sessions, _render);
        var session = await client.OpenRenderingSessionAsync("s1");
        session.ConnectionStatusChanged += (_, e) =>
        {
            lock (_events) _events.Add(e);
        };
        var connect = session.ConnectAsync(options ?? new RendererInitOptions { Codec = FrameCodec.Jpeg });
        var host = await _render.NextStreamAsync();
        return (client, session, connect, host);
    }

    private async Task<(RemoteRenderingClient Client, RenderingSession Session, RenderingConnection Connection, FakeRenderStream Host)> ConnectAsync(RendererInitOptions? options = null, Proto.Codec codec = Proto.Codec.Jpeg)
    {
        var (client, session, connect, host) = await StartConnectAsync(options);
        await host.AcceptAsync(codec);
        var connection = await connect.WaitAsync(TimeSpan.FromSeconds(10));
        return (client, session, connection, host);
    }

    private static Proto.ServerMessage Frame(ulong number, ulong poseId = 1, long clientTs = 0, Proto.Codec codec = Proto.Codec.Jpeg, bool keyframe = true) => new()
    {
        Frame = new Proto.Frame
        {
            FrameNumber = number,
            PoseId = poseId,
            ClientTimestampUs = clientTs,
            Codec = codec,
            Keyframe = keyframe,
            Width = 64,
            Height = 32,
            Data = ByteString.CopyFrom(new byte[] { 1, 2, 3 }),
            Timings = new Proto.FrameTimings { RenderUs = 1500, EncodeUs = 700, TotalUs = 3000 },
        },
    };

    [Fact]
    public async Task ConnectAsync_HostWelcomes_SendsHelloAndIsConnected()
    {
        var (client, session, connect, host) = await StartConnectAsync(new RendererInitOptions { Codec = FrameCodec.Jpeg, Width = 640, Height = 360, JpegQuality = 70 });
        using var _ = client;

        var hello = await host.AcceptAsync();
        var connection = await connect.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("s1", hello.SessionId);
        Assert.Equal("conn-token", hello.ConnectionToken);
        Assert.Equal(640u, hello.Options.Width);
        Assert.Equal(70u, hello.Options.JpegQuality);
        Assert.Equal("http://127.0.0.1:1", host.Endpoint);
        Assert.True(session.IsConnected);
        Assert.Same(connection, session.Connection);
        Assert.Equal("fake-encoder", connection.Encoder);
        Assert.Equal("fake device", connection.HostDeviceName);
        Assert.Equal([ConnectionStatus.Connecting, ConnectionStatus.Connected], _events.Select(e => e.Status));
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ConnectAsync_OtherClientConnected_ThrowsOtherSessionConnected()
    {
        var (client, session, connect, host) = await StartConnectAsync();
        using var _ = client;
        await host.ReceiveAsync();

        host.Send(new Proto.ServerMessage { Error = new Proto.Error { Code = "OtherSessionConnected", Message = "another client is connected to this session" } });
        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.OtherClientConnected } });
        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => connect.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(RemoteRenderingErrorCodes.OtherSessionConnected, ex.ErrorCode);
        Assert.Contains("another client", ex.Message);
        Assert.False(session.IsConnected);
        Assert.Null(session.Connection);
        Assert.Equal(ConnectionStatusReasons.OtherSessionConnected, _events[^1].Reason);
        Assert.True(host.Disposed);
    }

    [Fact]
    public async Task ConnectAsync_BadTokenGoodbyeOnly_ThrowsUnauthenticated()
    {
        var (client, _, connect, host) = await StartConnectAsync();
        using var _c = client;
        await host.ReceiveAsync();

        host.Send(new Proto.ServerMessage { Error = new Proto.Error { Code = "Unauthenticated", Message = "the connection token is wrong or stale" } });
        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => connect.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(RemoteRenderingErrorCodes.Unauthenticated, ex.ErrorCode);
    }

    [Fact]
    public async Task LoadModelAsync_ProgressThenResult_ReportsProgressAndReturnsEntityTree()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;
        var fractions = new List<float>();
        var progress = new SyncProgress<float>(fractions.Add);

        var load = connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:cube", Transform = EntityTransform.FromPosition(new Vector3(0, 1, 0)) }, progress);
        var command = (await host.ReceiveAsync()).Command;
        host.Send(new Proto.ServerMessage { LoadProgress = new Proto.LoadProgress { CommandId = command.CommandId, Fraction = 0.5f, Stage = "Parsing" } });
        host.Send(new Proto.ServerMessage
        {
            CommandResult = new Proto.CommandResult
            {
                CommandId = command.CommandId,
                LoadModel = new Proto.LoadModelResult
                {
                    Root = new Proto.EntityInfo { EntityId = 7, Name = "cube", Children = { new Proto.EntityInfo { EntityId = 8, Name = "mesh", ParentEntityId = 7, HasMesh = true } } },
                    PrimitiveCount = 12,
                    SharedResources = true,
                },
            },
        });
        var result = await load.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("builtin:cube", command.LoadModel.Url);
        Assert.Equal(1f, command.LoadModel.Transform.Position.Y);
        Assert.Equal([0.5f], fractions);
        Assert.Equal(7ul, result.Root.Id);
        Assert.Equal(8ul, result.Root.Children[0].Id);
        Assert.Equal(12ul, result.PrimitiveCount);
        Assert.True(result.SharedResources);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task LoadModelAsync_HostError_ThrowsWithHostCode()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        var load = connection.LoadModelAsync(new LoadModelOptions { Url = "missing.glb" });
        var command = (await host.ReceiveAsync()).Command;
        host.Send(new Proto.ServerMessage { Error = new Proto.Error { CommandId = command.CommandId, Code = "ModelLoadFailed", Message = "file not found" } });
        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => load.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("ModelLoadFailed", ex.ErrorCode);
        Assert.True(session.IsConnected);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task RayCastQueryAsync_AllHits_SendsPolicyAndReturnsHits()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        var query = connection.RayCastQueryAsync(new RayCast(Vector3.Zero, -Vector3.UnitZ, 100, HitCollectionPolicy.AllHits, 4));
        var command = (await host.ReceiveAsync()).Command;
        var result = new Proto.RayCastResult();
        result.Hits.Add(new Proto.RayHit { EntityId = 3, Distance = 2.5f, Position = new Proto.Vec3 { Z = -2.5f }, Normal = new Proto.Vec3 { Z = 1 } });
        host.Send(new Proto.ServerMessage { CommandResult = new Proto.CommandResult { CommandId = command.CommandId, RayCast = result } });
        var hits = await query.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Proto.HitPolicy.All, command.RayCast.Policy);
        Assert.Equal(4u, command.RayCast.MaxHits);
        var hit = Assert.Single(hits);
        Assert.Equal(new RayCastHit(3, new Vector3(0, 0, -2.5f), Vector3.UnitZ, 2.5f), hit);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task SetTransformAsync_WithParent_SendsSetParent()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;
        var create = connection.CreateEntityAsync("pivot");
        var c1 = (await host.ReceiveAsync()).Command;
        host.Send(new Proto.ServerMessage { CommandResult = new Proto.CommandResult { CommandId = c1.CommandId, Entity = new Proto.EntityInfo { EntityId = 5, Name = "pivot" } } });
        var pivot = await create.WaitAsync(TimeSpan.FromSeconds(10));

        var set = connection.SetTransformAsync(pivot, null, parent: null);
        var c2 = (await host.ReceiveAsync()).Command;
        host.Send(new Proto.ServerMessage { CommandResult = new Proto.CommandResult { CommandId = c2.CommandId, Ok = true } });
        await set.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5ul, c2.SetTransform.EntityId);
        Assert.True(c2.SetTransform.SetParent);
        Assert.Null(c2.SetTransform.Transform);
        Assert.NotEqual(c1.CommandId, c2.CommandId);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task SubmitPose_TwoPoses_SendsIncreasingIdsWithClientTimestamps()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        var id1 = connection.SubmitPose(new Vector3(0, 0, 5), Quaternion.Identity);
        var p1 = (await host.ReceiveAsync()).Pose;
        var id2 = connection.SubmitPose(new Vector3(0, 0, 4), Quaternion.Identity, 45);
        var p2 = (await host.ReceiveAsync()).Pose;

        Assert.Equal(id1 + 1, id2);
        Assert.Equal(id1, p1.PoseId);
        Assert.Equal(id2, p2.PoseId);
        Assert.True(p2.ClientTimestampUs >= p1.ClientTimestampUs);
        Assert.Equal(45f, p2.VerticalFovDegrees);
        Assert.Equal(5f, p1.Position.Z);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ReadFramesAsync_FrameForPose_HasPoseLatencyAndHostTimings()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;
        var poseId = connection.SubmitPose(Vector3.Zero, Quaternion.Identity);
        var pose = (await host.ReceiveAsync()).Pose;
        await Task.Delay(20);

        host.Send(Frame(1, poseId, pose.ClientTimestampUs));
        RenderedFrame? frame = null;
        await foreach (var f in connection.ReadFramesAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            frame = f;
            break;
        }

        Assert.NotNull(frame);
        Assert.Equal(poseId, frame.PoseId);
        Assert.Equal(FrameCodec.Jpeg, frame.Codec);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Data.ToArray());
        Assert.Equal(TimeSpan.FromMicroseconds(1500), frame.HostTimings.Render);
        Assert.InRange(frame.PoseToReceiveLatency, TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(5));
        var stats = connection.GetStatistics();
        Assert.Equal(1, stats.TotalFramesReceived);
        Assert.True(stats.LatencyPoseToReceive > TimeSpan.Zero);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ReadFramesAsync_SlowConsumer_DropsOldestAndCountsDiscarded()
    {
        var (client, session, connection, host) = await ConnectAsync(new RendererInitOptions { FrameBufferCapacity = 2 });
        using var _ = client;

        for (ulong i = 1; i <= 5; i++) host.Send(Frame(i));
        await WaitUntilAsync(() => connection.GetStatistics().TotalFramesReceived == 5);
        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.SessionStopped } });
        var numbers = new List<ulong>();
        await foreach (var f in connection.ReadFramesAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            numbers.Add(f.FrameNumber);
        }

        Assert.Equal([4ul, 5ul], numbers);
        Assert.Equal(3, connection.GetStatistics().TotalFramesDiscarded);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ReadFramesAsync_H264GapAfterDrop_DiscardsUntilKeyframeAndRequestsOne()
    {
        var (client, session, connection, host) = await ConnectAsync(new RendererInitOptions { Codec = FrameCodec.H264, FrameBufferCapacity = 2 }, Proto.Codec.H264);
        using var _ = client;

        host.Send(Frame(1, codec: Proto.Codec.H264, keyframe: true));
        host.Send(Frame(2, codec: Proto.Codec.H264, keyframe: false));
        host.Send(Frame(3, codec: Proto.Codec.H264, keyframe: false));
        await WaitUntilAsync(() => connection.GetStatistics().TotalFramesReceived == 3);
        host.Send(Frame(4, codec: Proto.Codec.H264, keyframe: true));
        await WaitUntilAsync(() => connection.GetStatistics().TotalFramesReceived == 4);
        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.SessionStopped } });
        var numbers = new List<ulong>();
        await foreach (var f in connection.ReadFramesAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            numbers.Add(f.FrameNumber);
        }

        // Buffer of two: frames 1 and 2 were dropped for 3 and 4; 3 cannot be decoded without 2.
        Assert.Equal([4ul], numbers);
        Assert.Equal(3, connection.GetStatistics().TotalFramesDiscarded);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task Goodbye_SessionStopped_RaisesDisconnectedOnceFailsCommandsAndCompletesFrames()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;
        var load = connection.LoadModelAsync(new LoadModelOptions { Url = "builtin:cube" });
        await host.ReceiveAsync();

        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.SessionStopped, Message = "stopped by request" } });
        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => load.WaitAsync(TimeSpan.FromSeconds(10)));
        await foreach (var __ in connection.ReadFramesAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
        }

        await WaitUntilAsync(() => !session.IsConnected);
        Assert.Equal(RemoteRenderingErrorCodes.ConnectionClosed, ex.ErrorCode);
        Assert.Equal(ConnectionStatus.Disconnected, connection.Status);
        Assert.Equal(ConnectionStatusReasons.SessionStopped, connection.DisconnectReason);
        Assert.Null(session.Connection);
        lock (_events)
        {
            var disconnected = Assert.Single(_events, e => e.Status == ConnectionStatus.Disconnected);
            Assert.Equal(ConnectionStatusReasons.SessionStopped, disconnected.Reason);
            Assert.Equal("stopped by request", disconnected.Message);
        }

        Assert.Throws<RemoteRenderingException>(() => connection.SubmitPose(Vector3.Zero, Quaternion.Identity));
    }

    [Fact]
    public async Task StreamBreaks_NoGoodbye_ReportsConnectionLost()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        host.ToClient.Writer.TryComplete(new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "reset"));
        await WaitUntilAsync(() => !session.IsConnected);

        Assert.Equal(ConnectionStatusReasons.ConnectionLost, connection.DisconnectReason);
        lock (_events) Assert.Equal(ConnectionStatusReasons.ConnectionLost, _events[^1].Reason);
    }

    [Fact]
    public async Task StopAsync_WhileConnected_DisconnectsOnceWithSessionStopped()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        var stopped = await session.StopAsync();
        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.SessionStopped } });
        await Task.Delay(50);

        Assert.Equal(RenderingSessionStatus.Stopped, stopped.Status);
        Assert.False(session.IsConnected);
        lock (_events)
        {
            var disconnected = Assert.Single(_events, e => e.Status == ConnectionStatus.Disconnected);
            Assert.Equal(ConnectionStatusReasons.SessionStopped, disconnected.Reason);
        }
    }

    [Fact]
    public async Task DisconnectAsync_Connected_SendsGoodbyeAndReleasesStream()
    {
        var (client, session, connection, host) = await ConnectAsync();
        using var _ = client;

        var disconnect = session.DisconnectAsync();
        var goodbye = await host.ReceiveAsync();
        host.Send(new Proto.ServerMessage { Goodbye = new Proto.Goodbye { Reason = Proto.GoodbyeReason.ClientLeft } });
        host.End();
        await disconnect.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Proto.GoodbyeReason.ClientLeft, goodbye.Goodbye.Reason);
        Assert.True(host.Disposed);
        Assert.True(host.Completed);
        Assert.Equal(ConnectionStatusReasons.Disconnected, connection.DisconnectReason);
        lock (_events) Assert.Single(_events, e => e.Status == ConnectionStatus.Disconnected);
    }

    [Fact]
    public async Task ReadDecodedFramesAsync_Raw_CopiesPixels()
    {
        var (client, session, connection, host) = await ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw }, Proto.Codec.RawRgba);
        using var _ = client;
        var pixels = Enumerable.Range(0, 4 * 2 * 4).Select(i => (byte)i).ToArray();

        host.Send(new Proto.ServerMessage { Frame = new Proto.Frame { FrameNumber = 1, Codec = Proto.Codec.RawRgba, Keyframe = true, Width = 4, Height = 2, Data = ByteString.CopyFrom(pixels) } });
        DecodedFrame? decoded = null;
        await foreach (var f in connection.ReadDecodedFramesAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            decoded = f;
            break;
        }

        Assert.NotNull(decoded);
        Assert.Equal(pixels, decoded.Rgba.ToArray());
        Assert.Equal(16, decoded.Stride);
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ConnectAsync_HostUnavailableOnce_RetriesAndConnects()
    {
        var (client, session, connect, first) = await StartConnectAsync();
        using var _ = client;
        await first.ReceiveAsync();

        first.ToClient.Writer.TryComplete(new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "connection refused"));
        var second = await _render.NextStreamAsync();
        await second.AcceptAsync();
        var connection = await connect.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(session.IsConnected);
        Assert.True(first.Disposed);
        Assert.Equal([ConnectionStatus.Connecting, ConnectionStatus.Connected], _events.Select(e => e.Status));
        await session.DisconnectAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(5);
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
