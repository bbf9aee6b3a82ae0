using ArrHost.Protos.V1;
using ArrHost.Rendering.Tests;

namespace ArrHost.RenderHost.Tests.Service;

public sealed class RenderServiceTests(RenderHostFixture host) : IClassFixture<RenderHostFixture>
{
    private static SceneCommand Load(string url) => new() { LoadModel = new LoadModel { Url = url } };

    private async Task<RenderConnection> ConnectAsync(Codec codec = Codec.RawRgba, uint width = 64, uint height = 48)
    {
        var (session, token) = host.Lease();
        var c = new RenderConnection(host.Client);
        await c.HelloAsync(session, token, codec, width, height);
        var welcome = await c.NextAsync(m => m.BodyCase != ServerMessage.BodyOneofCase.LoadProgress);
        Assert.Equal(ServerMessage.BodyOneofCase.Welcome, welcome?.BodyCase);
        Assert.False(welcome!.Welcome.FramePacing); // not asked for
        return c;
    }

    private async Task ReleaseAsync()
    {
        if (host.Slot.Current is { } lease) await host.Slot.ReleaseAsync(lease.SessionId, GoodbyeReason.SessionStopped, "test done", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Connect_LoadCubeAndPose_FrameEchoesPoseWithCubeInTheMiddle()
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load("builtin:cube"));
            var loaded = await c.NextAsync(m => m.CommandResult is not null);
            Assert.Equal(12ul, loaded!.CommandResult.LoadModel.PrimitiveCount);
            var pose = await c.PoseAsync();
            var frame = (await c.NextAsync(m => m.Frame is not null))!.Frame;

            Assert.Equal(pose, frame.PoseId);
            Assert.Equal((long)pose * 1000, frame.ClientTimestampUs);
            Assert.Equal(64u * 48u * 4u, (uint)frame.Data.Length);
            var center = ((24 * 64) + 32) * 4;
            var corner = 0;
            // The cube's +Z face is blue; the background is a dark clear colour (linear 0.03 is sRGB 48).
            Assert.True(frame.Data[center + 2] > frame.Data[corner + 2] + 60, $"centre blue {frame.Data[center + 2]}, corner blue {frame.Data[corner + 2]}");
            Assert.True(frame.Data[corner + 2] < 70, $"corner blue {frame.Data[corner + 2]}");
            Assert.True(frame.Timings.RenderUs > 0);
            Assert.True(frame.Timings.TotalUs >= frame.Timings.RenderUs);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Connect_WrongToken_RefusedAsUnauthenticated()
    {
        var (session, _) = host.Lease();
        await using var c = new RenderConnection(host.Client);
        await c.HelloAsync(session, "not-the-token");
        var error = await c.NextAsync(m => m.Error is not null);
        Assert.Equal("Unauthenticated", error!.Error.Code);
        var bye = await c.NextAsync(m => m.Goodbye is not null);
        Assert.Equal(GoodbyeReason.ProtocolError, bye!.Goodbye.Reason);
        await ReleaseAsync();
    }

    [Fact]
    public async Task Connect_SecondClient_RefusedAsOtherClientConnected()
    {
        var (session, token) = host.Lease();
        await using var first = new RenderConnection(host.Client);
        await first.HelloAsync(session, token);
        Assert.NotNull(await first.NextAsync(m => m.Welcome is not null));

        await using var second = new RenderConnection(host.Client);
        await second.HelloAsync(session, token);
        var bye = await second.NextAsync(m => m.Goodbye is not null);
        Assert.Equal(GoodbyeReason.OtherClientConnected, bye!.Goodbye.Reason);
        Assert.Contains("another client is connected", bye.Goodbye.Message);
        await ReleaseAsync();
    }

    [Fact]
    public async Task Connect_PoseBeforeHello_ProtocolError()
    {
        host.Lease();
        await using var c = new RenderConnection(host.Client);
        await c.PoseAsync();
        var bye = await c.NextAsync(m => m.Goodbye is not null);
        Assert.Equal(GoodbyeReason.ProtocolError, bye!.Goodbye.Reason);
        await ReleaseAsync();
    }

    [Theory]
    [InlineData(Codec.H264, 63u, 48u)]
    [InlineData(Codec.Jpeg, 0u, 9000u)]
    [InlineData((Codec)42, 64u, 48u)]
    public async Task Connect_UnsupportedOptions_ClearErrorBeforeStreaming(Codec codec, uint width, uint height)
    {
        var (session, token) = host.Lease();
        await using var c = new RenderConnection(host.Client);
        await c.HelloAsync(session, token, codec, width, height);
        var error = await c.NextAsync(m => m.Error is not null || m.Frame is not null || m.Welcome is not null);
        Assert.Equal(ServerMessage.BodyOneofCase.Error, error!.BodyCase);
        Assert.Equal("InvalidArgument", error.Error.Code);
        await ReleaseAsync();
    }

    [Fact]
    public async Task LoadModel_SameModelTwice_SharesResourcesAndReportsProgress()
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load("builtin:spheres?triangles=500"));
            var progress = await c.NextAsync(m => m.LoadProgress is not null);
            Assert.Equal(1ul, progress!.LoadProgress.CommandId);
            var first = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel;
            await c.CommandAsync(2, Load("builtin:spheres?triangles=500"));
            var second = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel;

            Assert.False(first.SharedResources);
            Assert.True(second.SharedResources);
            Assert.NotEqual(first.Root.EntityId, second.Root.EntityId);
            Assert.True(first.Root.Children.Count > 0);
        }

        await ReleaseAsync();
    }

    [Theory]
    [InlineData("../../etc/passwd", "PermissionDenied")]
    [InlineData("/etc/passwd", "PermissionDenied")]
    [InlineData("file:///etc/passwd", "PermissionDenied")]
    [InlineData("https://example.com/model.glb", "PermissionDenied")]
    [InlineData("missing.glb", "NotFound")]
    [InlineData("builtin:nonesuch", "NotFound")]
    [InlineData("broken.glb", "ModelLoadFailed")]
    public async Task LoadModel_BadSource_ClearErrorAndNextLoadWorks(string url, string code)
    {
        await File.WriteAllBytesAsync(Path.Combine(host.AssetRoot, "broken.glb"), [0x67, 0x6C, 0x54, 0x46, 2, 0, 0, 0, 99, 0, 0, 0]);
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(7, Load(url));
            var error = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.Equal(ServerMessage.BodyOneofCase.Error, error!.BodyCase);
            Assert.Equal(7ul, error.Error.CommandId);
            Assert.Equal(code, error.Error.Code);

            await c.CommandAsync(8, Load("builtin:cube"));
            var ok = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.NotNull(ok!.CommandResult);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task LoadModel_KhronosSampleUnderAssetRoot_LoadsWithEntityTree()
    {
        var sample = Path.Combine(SharedSamples.Root, "Duck", "glTF-Binary", "Duck.glb");
        File.Copy(sample, Path.Combine(host.AssetRoot, "Duck.glb"), overwrite: true);
        await using (var c = await ConnectAsync(Codec.Jpeg, 128, 96))
        {
            await c.CommandAsync(1, Load("Duck.glb"));
            var result = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.True(result!.CommandResult is not null, result.Error?.Message);
            Assert.Equal(4212ul, result.CommandResult.LoadModel.PrimitiveCount);
            await c.PoseAsync(z: 400);
            var frame = (await c.NextAsync(m => m.Frame is not null))!.Frame;
            Assert.Equal(Codec.Jpeg, frame.Codec);
            Assert.Equal(0xFF, frame.Data[0]);
            Assert.Equal(0xD8, frame.Data[1]);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task RayCast_AtCubeFace_HitsWithDistanceAndNormal()
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load("builtin:cube"));
            var root = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel.Root;
            await c.CommandAsync(2, new SceneCommand { RayCast = new RayCast { Origin = new Vec3 { X = 0.1f, Y = 0.3f, Z = 5 }, Direction = new Vec3 { Z = -1 }, Policy = HitPolicy.Closest } });
            var hits = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.RayCast.Hits;

            var hit = Assert.Single(hits);
            Assert.Equal(4.5f, hit.Distance, 3);
            Assert.Equal(1f, hit.Normal.Z, 3);
            Assert.Equal(root.Children[0].EntityId, hit.EntityId);

            await c.CommandAsync(3, new SceneCommand { RayCast = new RayCast { Origin = new Vec3 { X = 0.1f, Y = 0.3f, Z = 5 }, Direction = new Vec3 { Z = -1 }, Policy = HitPolicy.All } });
            var all = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.RayCast.Hits;
            Assert.Equal(2, all.Count);
            Assert.True(all[0].Distance < all[1].Distance);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task SetTransformAndDelete_NodeInsideModel_MovesThenRemovesItForRayCasts()
    {
        var ray = (float x) => new SceneCommand { RayCast = new RayCast { Origin = new Vec3 { X = x, Y = 0.3f, Z = 5 }, Direction = new Vec3 { Z = -1 }, Policy = HitPolicy.Closest } };
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load("builtin:cube"));
            var node = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel.Root.Children[0].EntityId;

            await c.CommandAsync(2, new SceneCommand { SetTransform = new SetTransform { EntityId = node, Transform = new Transform { Position = new Vec3 { X = 5 } } } });
            var moved = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.True(moved!.CommandResult is not null, moved.Error?.Message);
            await c.CommandAsync(3, ray(0.1f));
            Assert.Empty((await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.RayCast.Hits);
            await c.CommandAsync(4, ray(5.1f));
            Assert.Equal(node, Assert.Single((await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.RayCast.Hits).EntityId);

            // A node stays in its model; entities may hang below it.
            await c.CommandAsync(5, new SceneCommand { SetTransform = new SetTransform { EntityId = node, SetParent = true } });
            var refused = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.Equal("FailedPrecondition", refused!.Error?.Code);
            await c.CommandAsync(6, new SceneCommand { CreateEntity = new CreateEntity { Name = "marker", ParentEntityId = node } });
            var marker = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.True(marker!.CommandResult is not null, marker.Error?.Message);

            await c.CommandAsync(7, new SceneCommand { DeleteEntity = new DeleteEntity { EntityId = node } });
            var deleted = await c.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.True(deleted!.CommandResult is not null, deleted.Error?.Message);
            await c.CommandAsync(8, ray(5.1f));
            Assert.Empty((await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.RayCast.Hits);
            await c.PoseAsync();
            Assert.NotNull(await c.NextAsync(m => m.Frame is not null));
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Pose_AcknowledgedStreamWithoutAcks_HostHoldsFramesBackUntilAcknowledged()
    {
        var (session, token) = host.Lease();
        await using (var c = new RenderConnection(host.Client))
        {
            await c.SendAsync(new ClientMessage
            {
                Hello = new Hello { SessionId = session, ConnectionToken = token, Options = new StreamOptions { Codec = Codec.RawRgba, Width = 64, Height = 48, AcknowledgeFrames = true } },
            });
            var welcome = await c.NextAsync(m => m.BodyCase != ServerMessage.BodyOneofCase.LoadProgress);
            Assert.True(welcome!.Welcome.Options.AcknowledgeFrames);
            Assert.True(welcome.Welcome.FramePacing);

            // 20 poses the host could each render at once (without acknowledgements it sends 20 frames); with
            // nothing acknowledged it sends only the first frames (no round trip is known yet) and holds the rest back.
            for (var i = 0; i < 20; i++)
            {
                await c.PoseAsync();
                await Task.Delay(30);
            }

            await c.CommandAsync(1, new SceneCommand { CreateEntity = new CreateEntity { Name = "marker" } });
            var frames = new List<Frame>();
            await c.NextAsync(m =>
            {
                if (m.Frame is not null) frames.Add(m.Frame.Clone());
                return m.CommandResult is not null;
            });
            Assert.InRange(frames.Count, 1, 4);

            // Acknowledging them lets the newest pose through.
            await c.SendAsync(new ClientMessage { FrameAck = new FrameAck { FrameNumber = frames[^1].FrameNumber } });
            var next = await c.PoseAsync();
            var frame = await c.NextAsync(m => m.Frame is not null && m.Frame.PoseId == next);
            Assert.NotNull(frame);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Pose_OverBudgetScene_FrameFlagsCheckerboard()
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load("builtin:spheres?triangles=5000"));
            Assert.NotNull(await c.NextAsync(m => m.CommandResult is not null));
            await c.PoseAsync(z: 50);
            var frame = (await c.NextAsync(m => m.Frame is not null))!.Frame;
            Assert.True(frame.OverBudget);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Pose_H264_FirstFrameIsKeyframe()
    {
        await using (var c = await ConnectAsync(Codec.H264, 64, 48))
        {
            await c.CommandAsync(1, Load("builtin:cube"));
            Assert.NotNull(await c.NextAsync(m => m.CommandResult is not null));
            await c.PoseAsync();
            var first = (await c.NextAsync(m => m.Frame is not null))!.Frame;
            Assert.Equal(Codec.H264, first.Codec);
            Assert.True(first.Keyframe);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Disconnect_ThenReconnect_CleanSlateAndMemoryReturned()
    {
        var (session, token) = host.Lease();
        var before = host.Gpu.DeviceMemoryUsed;
        ulong oldEntity;
        await using (var c = new RenderConnection(host.Client))
        {
            await c.HelloAsync(session, token);
            await c.CommandAsync(1, Load("builtin:spheres?triangles=800"));
            oldEntity = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel.Root.EntityId;
            Assert.True(host.Gpu.DeviceMemoryUsed > before);
        }

        // The host frees the scene when it notices the disconnect; wait for the slot to be free again.
        for (var i = 0; i < 100 && host.Slot.ClientConnected; i++) await Task.Delay(50);
        Assert.False(host.Slot.ClientConnected);
        Assert.Equal(before, host.Gpu.DeviceMemoryUsed);

        await using (var again = new RenderConnection(host.Client))
        {
            await again.HelloAsync(session, token);
            Assert.NotNull(await again.NextAsync(m => m.Welcome is not null));
            await again.CommandAsync(2, new SceneCommand { DeleteEntity = new DeleteEntity { EntityId = oldEntity } });
            var error = await again.NextAsync(m => m.Error is not null || m.CommandResult is not null);
            Assert.Equal("NotFound", error!.Error.Code);
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task Release_WhileConnected_StreamEndsWithStopReason()
    {
        await using var c = await ConnectAsync();
        var lease = host.Slot.Current!;
        var release = host.Slot.ReleaseAsync(lease.SessionId, GoodbyeReason.SessionStopped, "stopped by the owner", TimeSpan.FromSeconds(10));
        var bye = await c.NextAsync(m => m.Goodbye is not null);
        Assert.Equal(GoodbyeReason.SessionStopped, bye!.Goodbye.Reason);
        Assert.True(await release);
    }
}
