using ArrHost.Protos.V1;
using ArrHost.RenderHost.Streaming;
using ArrHost.Rendering.Gltf;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>
/// Clients that flood, send garbage, vanish or ask for too much, against a real host: each gets an
/// error that says what was wrong, the host stays healthy, and the next client gets a clean slate.
/// </summary>
[Collection(ModelServerHostCollection.Name)]
public sealed class BadInputTests(ModelServerHostFixture fixture)
{
    private RenderHostFixture Host => fixture.Host;

    private static SceneCommand Load(string url) => new() { LoadModel = new LoadModel { Url = url } };

    private static SceneCommand CreateEntity(string name) => new() { CreateEntity = new CreateEntity { Name = name } };

    private static Func<ServerMessage, bool> Answer => m => m.Error is not null || m.CommandResult is not null;

    private async Task<RenderConnection> ConnectAsync(string session, string token)
    {
        var c = new RenderConnection(Host.Client);
        await c.HelloAsync(session, token);
        var welcome = await c.NextAsync(m => m.BodyCase != ServerMessage.BodyOneofCase.LoadProgress);
        Assert.Equal(ServerMessage.BodyOneofCase.Welcome, welcome?.BodyCase);
        return c;
    }

    /// <summary>Once the previous client is gone, a new one is welcomed to the same session and its commands work.</summary>
    private async Task AssertNextClientServedAsync(string session, string token)
    {
        Assert.True(await Host.WaitForNoClientAsync(), "the host did not free the slot");
        await using var next = await ConnectAsync(session, token);
        await next.CommandAsync(1, CreateEntity("next"));
        var answer = await next.NextAsync(Answer);
        Assert.True(answer?.CommandResult is not null, answer?.Error?.Message ?? "no answer");
    }

    private async Task ReleaseAsync()
    {
        if (Host.Slot.Current is { } lease) await Host.Slot.ReleaseAsync(lease.SessionId, GoodbyeReason.SessionStopped, "test done", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Commands_FloodWhileALoadIsBusy_RefusedBeyondPendingLimitAndQueuedOnesAnswered()
    {
        const int flood = ClientConnection.MaxPendingCommands + 44;
        var (session, token) = Host.Lease();
        var held = fixture.Models.Hold();
        await using (var c = await ConnectAsync(session, token))
        {
            await c.CommandAsync(1, Load($"{fixture.Models.BaseUrl}/held/Box.glb"));
            // The command loop is now inside this load's download: every further command has to wait in the queue.
            await held.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
            for (ulong id = 2; id < 2 + flood; id++) await c.CommandAsync(id, CreateEntity($"e{id}"));

            var refused = new List<Error>();
            while (refused.Count < flood - ClientConnection.MaxPendingCommands)
            {
                var answer = await c.NextAsync(Answer);
                Assert.True(answer?.Error is not null, $"expected a refusal, got {answer}");
                refused.Add(answer!.Error);
            }

            Assert.Equal(Enumerable.Range(2 + ClientConnection.MaxPendingCommands, flood - ClientConnection.MaxPendingCommands).Select(i => (ulong)i), refused.Select(e => e.CommandId));
            Assert.All(refused, e => Assert.Equal("ResourceExhausted", e.Code));
            Assert.All(refused, e => Assert.Contains($"more than {ClientConnection.MaxPendingCommands} commands are pending", e.Message));

            // Once the load finishes, the load and every queued command are answered, in order.
            held.Release();
            var load = await c.NextAsync(Answer);
            Assert.True(load?.CommandResult is not null, load?.Error?.Message ?? "no answer");
            Assert.Equal(12ul, load!.CommandResult.LoadModel.PrimitiveCount);
            for (ulong id = 2; id < 2 + ClientConnection.MaxPendingCommands; id++)
            {
                var answer = await c.NextAsync(Answer);
                Assert.True(answer?.CommandResult is not null, answer?.Error?.Message ?? "no answer");
                Assert.Equal(id, answer!.CommandResult.CommandId);
                Assert.Equal($"e{id}", answer.CommandResult.Entity.Name);
            }
        }

        await AssertNextClientServedAsync(session, token);
        await ReleaseAsync();
    }

    [Fact]
    public async Task Poses_ThousandsAtOnce_OnlyNewestRenderedAndConnectionStaysUsable()
    {
        const int poses = 5000;
        var (session, token) = Host.Lease();
        await using (var c = new RenderConnection(Host.Client))
        {
            await c.HelloAsync(session, token, maxFrameRate: 30);
            Assert.NotNull(await c.NextAsync(m => m.Welcome is not null));

            var frames = new List<Frame>();
            var reading = c.NextAsync(m =>
            {
                if (m.Frame is not { } frame) return false;
                frames.Add(frame);
                return frame.PoseId == poses;
            });
            for (var i = 0; i < poses; i++) await c.PoseAsync();
            Assert.NotNull(await reading);

            // Newest first, never queued: ids only go up, and every pose was either rendered or reported as dropped.
            Assert.All(frames.Zip(frames.Skip(1)), pair => Assert.True(pair.Second.PoseId > pair.First.PoseId, $"pose {pair.Second.PoseId} after {pair.First.PoseId}"));
            Assert.Equal(poses, frames.Count + frames.Sum(f => (long)f.PosesDropped));
            Assert.True(frames.Count < poses / 4, $"{frames.Count} frames for {poses} poses");

            await c.CommandAsync(1, CreateEntity("after the flood"));
            var answer = await c.NextAsync(Answer);
            Assert.True(answer?.CommandResult is not null, answer?.Error?.Message ?? "no answer");
            var next = await c.PoseAsync();
            Assert.NotNull(await c.NextAsync(m => m.Frame?.PoseId == next));
        }

        await AssertNextClientServedAsync(session, token);
        await ReleaseAsync();
    }

    [Theory]
    [InlineData("00 00000005 FFFFFFFFFF", 13, "not a valid protobuf message")]
    [InlineData("07 00000001 00", 13, "compressed flag")]
    [InlineData("01 00000001 00", 13, "did not include grpc-encoding")]
    [InlineData("00 00400001", 8, "exceeds the maximum configured message size")]
    [InlineData("00 00000064 010203", 13, "Incomplete message")]
    public async Task Connect_GarbageInsteadOfHello_ClearStatusAndNextClientServed(string bytes, int status, string text)
    {
        var (session, token) = Host.Lease();

        var response = await RawRenderCall.SendAsync(Host.Endpoint, Convert.FromHexString(bytes.Replace(" ", "")));

        Assert.Equal(status, response.GrpcStatus);
        Assert.Contains(text, response.GrpcMessage);
        Assert.DoesNotContain(response.Messages, m => m.Welcome is not null);
        await AssertNextClientServedAsync(session, token);
        await ReleaseAsync();
    }

    [Theory]
    [InlineData("00 00000005 FFFFFFFFFF", "not a valid protobuf message")]
    [InlineData("00 00000064 010203", "Incomplete message")]
    public async Task Connect_GarbageAfterHello_ProtocolErrorNamesItAndNextClientServed(string bytes, string text)
    {
        var (session, token) = Host.Lease();
        var hello = new ClientMessage { Hello = new Hello { SessionId = session, ConnectionToken = token, Options = new StreamOptions { Codec = Codec.RawRgba, Width = 64, Height = 48 } } };

        var response = await RawRenderCall.SendAsync(Host.Endpoint, [.. RawRenderCall.Frame(hello), .. Convert.FromHexString(bytes.Replace(" ", ""))]);

        Assert.Equal(ServerMessage.BodyOneofCase.Welcome, response.Messages[0].BodyCase);
        var error = Assert.Single(response.Messages, m => m.Error is not null).Error;
        Assert.Equal("InvalidArgument", error.Code);
        Assert.Contains(text, error.Message);
        var bye = response.Messages[^1].Goodbye;
        Assert.Equal(GoodbyeReason.ProtocolError, bye?.Reason);
        Assert.Contains(text, bye!.Message);
        await AssertNextClientServedAsync(session, token);
        await ReleaseAsync();
    }

    [Theory]
    [InlineData("no body", "InvalidArgument", "the first message must be a hello")]
    [InlineData("command", "InvalidArgument", "the first message must be a hello")]
    [InlineData("empty hello", "NotFound", "does not serve session ''")]
    [InlineData("hello without token", "Unauthenticated", "the connection token is wrong or stale")]
    public async Task Connect_FirstMessageNotACompleteHello_ClearErrorAndNextClientServed(string first, string code, string text)
    {
        var (session, token) = Host.Lease();
        await using (var c = new RenderConnection(Host.Client))
        {
            await c.SendAsync(first switch
            {
                "no body" => new ClientMessage(),
                "command" => new ClientMessage { Command = CreateEntity("too early") },
                "empty hello" => new ClientMessage { Hello = new Hello() },
                _ => new ClientMessage { Hello = new Hello { SessionId = session } },
            });
            var error = await c.NextAsync(m => m.Error is not null || m.Welcome is not null);
            Assert.Equal(code, error?.Error?.Code);
            Assert.Contains(text, error!.Error.Message);
            var bye = await c.NextAsync(m => m.Goodbye is not null);
            Assert.Equal(GoodbyeReason.ProtocolError, bye?.Goodbye.Reason);
        }

        await AssertNextClientServedAsync(session, token);
        await ReleaseAsync();
    }

    [Theory]
    [InlineData("reset the call")]
    [InlineData("drop the connection")]
    public async Task Disconnect_ClientVanishesMidStream_SlotFreedSceneDiscardedMemoryReturned(string how)
    {
        var (session, token) = Host.Lease();
        var before = Host.Gpu.DeviceMemoryUsed;
        ulong entity;
        using (var channel = new DroppableChannel(Host.Endpoint))
        await using (var c = new RenderConnection(channel.Client))
        {
            await c.HelloAsync(session, token);
            await c.CommandAsync(1, Load("builtin:spheres?triangles=800"));
            entity = (await c.NextAsync(m => m.CommandResult is not null))!.CommandResult.LoadModel.Root.EntityId;
            Assert.True(Host.Gpu.DeviceMemoryUsed > before);
            var pose = await c.PoseAsync();
            Assert.NotNull(await c.NextAsync(m => m.Frame?.PoseId == pose));

            // More poses than frames in flight: frames are being rendered and sent when the client vanishes, without a goodbye.
            for (var i = 0; i < 20; i++) await c.PoseAsync();
            Assert.NotNull(await c.NextAsync(m => m.Frame?.PoseId > pose));
            if (how == "reset the call") c.Abort();
            else channel.Drop();

            Assert.True(await Host.WaitForNoClientAsync(), "the host did not free the slot");
        }

        Assert.Equal(before, Host.Gpu.DeviceMemoryUsed);
        await using (var next = await ConnectAsync(session, token))
        {
            await next.CommandAsync(2, new SceneCommand { DeleteEntity = new DeleteEntity { EntityId = entity } });
            var gone = await next.NextAsync(Answer);
            Assert.Equal("NotFound", gone?.Error?.Code);
            await next.CommandAsync(3, Load("builtin:cube"));
            var loaded = await next.NextAsync(Answer);
            Assert.True(loaded?.CommandResult is not null, loaded?.Error?.Message ?? "no answer");
        }

        await ReleaseAsync();
    }

    [Fact]
    public async Task LoadModel_FileOverTheSizeLimit_ErrorNamesTheLimitAndConnectionKeepsWorking()
    {
        // Sparse: the host must refuse it from its length, before reading a byte of it.
        var limit = GltfLoadOptions.Default.MaxFileBytes;
        await using (var file = File.Create(Path.Combine(Host.AssetRoot, "huge.glb"))) file.SetLength(limit + 1);
        var (session, token) = Host.Lease();
        await using (var c = await ConnectAsync(session, token))
        {
            await c.CommandAsync(1, Load("huge.glb"));
            var error = await c.NextAsync(Answer);
            Assert.Equal("ModelLoadFailed", error?.Error?.Code);
            Assert.Contains($"over the limit of {limit}", error!.Error.Message);

            await c.CommandAsync(2, Load("builtin:cube"));
            var ok = await c.NextAsync(Answer);
            Assert.True(ok?.CommandResult is not null, ok?.Error?.Message ?? "no answer");
        }

        File.Delete(Path.Combine(Host.AssetRoot, "huge.glb"));
        await ReleaseAsync();
    }

    [Fact]
    public async Task LoadModel_BuiltinOverItsTriangleLimit_ErrorNamesTheLimitAndConnectionKeepsWorking()
    {
        var (session, token) = Host.Lease();
        await using (var c = await ConnectAsync(session, token))
        {
            await c.CommandAsync(1, Load("builtin:spheres?triangles=60000000"));
            var error = await c.NextAsync(Answer);
            Assert.Equal("InvalidArgument", error?.Error?.Code);
            Assert.Contains("[100, 50000000]", error!.Error.Message);

            await c.CommandAsync(2, Load("builtin:cube"));
            var ok = await c.NextAsync(Answer);
            Assert.True(ok?.CommandResult is not null, ok?.Error?.Message ?? "no answer");
        }

        await ReleaseAsync();
    }
}
