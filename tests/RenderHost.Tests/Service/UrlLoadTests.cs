using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>Models from http(s) URLs: downloaded from prefixes the host allows (--allowed-urls), within its download limit, and nothing else.</summary>
[Collection(ModelServerHostCollection.Name)]
public sealed class UrlLoadTests(ModelServerHostFixture fixture)
{
    private RenderHostFixture Host => fixture.Host;

    private static SceneCommand Load(string url) => new() { LoadModel = new LoadModel { Url = url } };

    private static Func<ServerMessage, bool> Answer => m => m.Error is not null || m.CommandResult is not null;

    private async Task<RenderConnection> ConnectAsync()
    {
        var (session, token) = Host.Lease();
        var c = new RenderConnection(Host.Client);
        await c.HelloAsync(session, token);
        Assert.NotNull(await c.NextAsync(m => m.Welcome is not null));
        return c;
    }

    private async Task ReleaseAsync()
    {
        if (Host.Slot.Current is { } lease) await Host.Slot.ReleaseAsync(lease.SessionId, GoodbyeReason.SessionStopped, "test done", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task LoadModel_AllowedHttpUrl_DownloadsWithProgressAndEntityTree()
    {
        // The .gltf form: the host must fetch its buffer and its texture from beside it too.
        var folder = "/samples/BoxTextured/glTF/";
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load(fixture.Models.BaseUrl + folder + "BoxTextured.gltf"));
            var progress = new List<LoadProgress>();
            var answer = await c.NextAsync(m =>
            {
                if (m.LoadProgress is { } p) progress.Add(p);
                return Answer(m);
            });

            Assert.True(answer?.CommandResult is not null, answer?.Error?.Message ?? "no answer");
            Assert.Contains(progress, p => p.Stage == "Downloading" && p.Fraction is > 0 and <= 0.3f);
            Assert.All(progress, p => Assert.Equal(1ul, p.CommandId));
            Assert.Contains(folder + "BoxTextured0.bin", fixture.Models.Requests);
            Assert.Contains(folder + "CesiumLogoFlat.png", fixture.Models.Requests);

            var model = answer!.CommandResult.LoadModel;
            Assert.Equal(12ul, model.PrimitiveCount);
            Assert.False(model.SharedResources);
            Assert.Equal("BoxTextured", model.Root.Name);
            var node = Assert.Single(model.Root.Children);
            Assert.False(node.HasMesh);
            var mesh = Assert.Single(node.Children);
            Assert.True(mesh.HasMesh);

            var pose = await c.PoseAsync();
            Assert.NotNull(await c.NextAsync(m => m.Frame?.PoseId == pose));
        }

        await ReleaseAsync();
    }

    [Theory]
    [InlineData("declared")]
    [InlineData("chunked")]
    public async Task LoadModel_ResponseOverDownloadLimit_RefusedNamingTheLimit(string length)
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load($"{fixture.Models.BaseUrl}/oversized/{length}/model.glb"));
            var refused = await c.NextAsync(Answer);
            Assert.Equal("ResourceExhausted", refused?.Error?.Code);
            Assert.Contains($"{ModelServerHostFixture.DownloadLimit}", refused!.Error.Message);

            await c.CommandAsync(2, Load($"{fixture.Models.BaseUrl}/samples/Box/glTF-Binary/Box.glb"));
            var ok = await c.NextAsync(Answer);
            Assert.True(ok?.CommandResult is not null, ok?.Error?.Message ?? "no answer");
        }

        await ReleaseAsync();
    }

    [Theory]
    [InlineData("/private/Box/glTF-Binary/Box.glb")]
    [InlineData("/samples/../private/Box/glTF-Binary/Box.glb")]
    public async Task LoadModel_UrlOutsideAllowList_RefusedWithoutFetching(string path)
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load(fixture.Models.BaseUrl + path));
            var refused = await c.NextAsync(Answer);
            Assert.Equal("PermissionDenied", refused?.Error?.Code);
            Assert.Contains("not under an allowed prefix", refused!.Error.Message);
        }

        Assert.DoesNotContain(fixture.Models.Requests, r => r.StartsWith("/private/", StringComparison.Ordinal));
        await ReleaseAsync();
    }

    [Theory]
    [InlineData("absolute", "an absolute URL")]
    [InlineData("private", "not under an allowed prefix")]
    public async Task LoadModel_DependencyOutsideAllowList_RefusedWithoutFetchingIt(string target, string reason)
    {
        await using (var c = await ConnectAsync())
        {
            await c.CommandAsync(1, Load($"{fixture.Models.BaseUrl}/samples/_references/{target}/model.gltf"));
            var refused = await c.NextAsync(Answer);
            Assert.Equal("PermissionDenied", refused?.Error?.Code);
            Assert.Contains(reason, refused!.Error.Message);
        }

        Assert.Contains($"/samples/_references/{target}/model.gltf", fixture.Models.Requests);
        Assert.DoesNotContain(fixture.Models.Requests, r => r.StartsWith("/private/", StringComparison.Ordinal));
        await ReleaseAsync();
    }
}
