using System.Net;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using SharpGLTF.Schema2;

namespace ArrHost.ControlPlane.Tests.Conversions;

/// <summary>The conversions routes driven with the requests Azure.MixedReality.RemoteRendering sends (2021-01-01).</summary>
public sealed class ConversionApiTests : IDisposable
{
    private const string Dev = DevDefaults.AccountId;
    private const string V = "?api-version=2021-01-01";
    private readonly string _root = Directory.CreateTempSubdirectory("arr-conv-").FullName;

    private string AssetRoot => Path.Combine(_root, "assets");

    private Task<TestControlPlane> StartAsync(params string[] args) =>
        TestControlPlane.StartAsync(null, null, ["--asset-root", AssetRoot, .. args]);

    /// <summary>The body the SDK's StartConversionAsync sends (optional members left out, as it does).</summary>
    private string Body(string relativeInput, string inputPrefix = "input/", string? outputName = "tri.glb", string? inputContainer = null, string? outputContainer = null)
    {
        var input = new Dictionary<string, object?>
        {
            ["storageContainerUri"] = inputContainer ?? new Uri(AssetRoot).AbsoluteUri,
            ["blobPrefix"] = inputPrefix,
            ["relativeInputAssetPath"] = relativeInput,
        };
        var output = new Dictionary<string, object?> { ["storageContainerUri"] = outputContainer ?? new Uri(Path.Combine(AssetRoot, "converted")).AbsoluteUri };
        if (outputName is not null) output["outputAssetFilename"] = outputName;
        return JsonSerializer.Serialize(new { settings = new { inputLocation = input, outputLocation = output } });
    }

    private static async Task<JsonElement> WaitFinishedAsync(TestControlPlane cp, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (response, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/conversions/{id}{V}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = json.GetProperty("status").GetString();
            if (status is "Succeeded" or "Failed" or "Cancelled")
            {
                Assert.Null(response.Headers.RetryAfter);
                return json;
            }
            Assert.Equal("5", response.Headers.RetryAfter!.ToString());
            Assert.True(status is "NotStarted" or "Running", status);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"conversion {id} is still {status}");
            await Task.Delay(20);
        }
    }

    private static void AssertSucceeded(JsonElement conversion) =>
        Assert.True(conversion.GetProperty("status").GetString() == "Succeeded", "not Succeeded: " + conversion.GetRawText());

    [Fact]
    public async Task Put_LocalGltfWithExternalBuffer_201ThenSucceededWithSelfContainedGlb()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        await using var cp = await StartAsync();

        var (created, c) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/conv-1{V}", Body("input/tri.gltf"));
        var done = await WaitFinishedAsync(cp, "conv-1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("conv-1", c.GetProperty("id").GetString());
        Assert.True(c.GetProperty("status").GetString() is "NotStarted" or "Running");
        Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, c.GetProperty("output").ValueKind);
        Assert.Equal("input/tri.gltf", c.GetProperty("settings").GetProperty("inputLocation").GetProperty("relativeInputAssetPath").GetString());
        Assert.True(DateTimeOffset.TryParse(c.GetProperty("creationTime").GetString(), out _));
        AssertSucceeded(done);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        var uri = new Uri(done.GetProperty("output").GetProperty("outputAssetUri").GetString()!);
        Assert.True(uri.IsFile);
        Assert.Equal(Path.Combine(AssetRoot, "converted", "tri.glb"), uri.LocalPath);
        var model = ModelRoot.Load(uri.LocalPath);
        Assert.Single(model.LogicalMeshes);
        Assert.All(model.LogicalBuffers, b => Assert.Equal(36, b.Content.Length));
        var glb = await File.ReadAllBytesAsync(uri.LocalPath);
        Assert.Equal("glTF"u8.ToArray(), glb[..4]);
        Assert.DoesNotContain("tri.bin", System.Text.Encoding.UTF8.GetString(glb));
    }

    [Fact]
    public async Task Put_ArrAssetOutputNameOrNone_WrittenAsGlb()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        await using var cp = await StartAsync();

        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/named{V}", Body("input/tri.gltf", outputName: "model.arrAsset"));
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/unnamed{V}", Body("input/tri.gltf", outputName: null));
        var named = await WaitFinishedAsync(cp, "named");
        var unnamed = await WaitFinishedAsync(cp, "unnamed");

        Assert.EndsWith("/converted/model.glb", named.GetProperty("output").GetProperty("outputAssetUri").GetString());
        Assert.EndsWith("/converted/tri.glb", unnamed.GetProperty("output").GetProperty("outputAssetUri").GetString());
    }

    [Fact]
    public async Task Put_SameIdSameSettings_200AndOtherSettings_409()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        await using var cp = await StartAsync();
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/c{V}", Body("input/tri.gltf"));
        await WaitFinishedAsync(cp, "c");

        var (again, a) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/c{V}", Body("input/tri.gltf"));
        var (other, o) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/c{V}", Body("input/tri.gltf", outputName: "other.glb"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        AssertSucceeded(a);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("Conflict", o.GetProperty("error").GetProperty("code").GetString());
        var (_, kept) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/conversions/c{V}");
        Assert.Equal("tri.glb", kept.GetProperty("settings").GetProperty("outputLocation").GetProperty("outputAssetFilename").GetString());
    }

    [Theory]
    [InlineData("{}", "settings")]
    [InlineData("{\"settings\": {\"inputLocation\": {\"storageContainerUri\": \"file:///tmp\", \"relativeInputAssetPath\": \"a.gltf\"}}}", "outputLocation")]
    [InlineData("{\"settings\": {\"inputLocation\": {}, \"outputLocation\": {}}}", "storageContainerUri")]
    [InlineData("{\"settings\": {\"inputLocation\": {\"storageContainerUri\": 5}, \"outputLocation\": {}}}", "must be a string")]
    [InlineData("{\"settings\": {\"extra\": 1}}", "Unknown field 'settings.extra'")]
    [InlineData("[1]", "JSON object")]
    public async Task Put_MalformedBody_400NamingTheField(string body, string expected)
    {
        await using var cp = await StartAsync();

        var (response, json) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/bad{V}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = json.GetProperty("error");
        Assert.Equal("BadRequest", error.GetProperty("code").GetString());
        Assert.Contains(expected, error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("details").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("target").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("innerError").ValueKind);
        var (missing, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/conversions/bad{V}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("input/tri.fbx", "input/", null, null, "must name a .gltf or .glb")]
    [InlineData("input/../../etc/passwd.gltf", "input/", null, null, "without '..'")]
    [InlineData("other/tri.gltf", "input/", null, null, "must start with settings.inputLocation.blobPrefix")]
    [InlineData("input/tri.gltf", "input/", "ftp://example.com/c", null, "file://, http:// or https://")]
    [InlineData("input/tri.gltf", "input/", "file:///etc", null, "not under the asset root")]
    [InlineData("input/tri.gltf", "input/", "https://example.blob.core.windows.net/models", null, "not under a URL prefix")]
    [InlineData("input/tri.gltf", "input/", null, "https://example.blob.core.windows.net/out", "must be a file:// folder")]
    [InlineData("input/tri.gltf", "input/", null, "file:///tmp/elsewhere", "not under the asset root")]
    public async Task Put_LocationsThisRegionCannotUse_400WithReason(string relative, string prefix, string? input, string? output, string expected)
    {
        await using var cp = await StartAsync();

        var (response, json) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/bad{V}", Body(relative, prefix, "tri.glb", input, output));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Put_OutputNameNotGlb_400()
    {
        await using var cp = await StartAsync();

        var (response, json) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/bad{V}", Body("input/tri.gltf", outputName: "tri.obj"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must end in .glb", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Conversion_MissingInputFile_FailedWithInputNotFound()
    {
        await using var cp = await StartAsync();

        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/missing{V}", Body("input/nothing.gltf"));
        var done = await WaitFinishedAsync(cp, "missing");

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("InputNotFound", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("input/nothing.gltf", done.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task Conversion_BrokenGltf_FailedWithInvalidInputAndNoOutput()
    {
        Directory.CreateDirectory(Path.Combine(AssetRoot, "input"));
        await File.WriteAllTextAsync(Path.Combine(AssetRoot, "input", "tri.gltf"), "{\"asset\": {\"version\": \"2.0\"}, \"meshes\": [ {\"primitives\": [ {\"attributes\": {\"POSITION\": 7}} ]} ]}");
        await using var cp = await StartAsync();

        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/broken{V}", Body("input/tri.gltf"));
        var done = await WaitFinishedAsync(cp, "broken");

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("InvalidInput", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("not a valid glTF 2.0 model", done.GetProperty("error").GetProperty("message").GetString());
        Assert.False(File.Exists(Path.Combine(AssetRoot, "converted", "tri.glb")));
    }

    [Fact]
    public async Task Conversion_BufferOutsideBlobPrefix_FailedAndNothingRead()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"), binName: "../secret.bin");
        await File.WriteAllBytesAsync(Path.Combine(AssetRoot, "secret.bin"), new byte[36]);
        await using var cp = await StartAsync();

        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/escape{V}", Body("input/tri.gltf"));
        var done = await WaitFinishedAsync(cp, "escape");

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Contains("leaves the input's blob prefix", done.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Conversion_HttpInputUnderAllowedPrefix_Succeeded()
    {
        var served = Path.Combine(_root, "served");
        TestModels.WriteTriangle(Path.Combine(served, "models"));
        await using var server = await StaticFileServer.StartAsync(served);
        await using var cp = await StartAsync("--allowed-urls", server.BaseAddress.AbsoluteUri);

        var (created, _) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/web{V}",
            Body("models/tri.gltf", "models/", "web.glb", inputContainer: server.BaseAddress.AbsoluteUri.TrimEnd('/')));
        var done = await WaitFinishedAsync(cp, "web");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        AssertSucceeded(done);
        Assert.Contains("/models/tri.bin", server.Requested);
        Assert.True(File.Exists(Path.Combine(AssetRoot, "converted", "web.glb")));
    }

    [Fact]
    public async Task List_FivePagedByTwo_NextLinksWalkAllNewestFirst()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        await using var cp = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/c{i}{V}", Body("input/tri.gltf", outputName: $"c{i}.glb"));
            cp.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var ids = new List<string>();
        string? next = $"/accounts/{Dev}/conversions?api-version=2021-01-01-preview&maxPageSize=2";
        while (next is not null)
        {
            var (response, json) = await cp.SendAsync(HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(json.GetProperty("conversions").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            var link = json.GetProperty("@nextLink");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
            if (next is not null) Assert.Contains("api-version=2021-01-01-preview", next);
        }
        var (_, otherAccount) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{TestControlPlane.OtherAccountId}/conversions{V}",
            token: cp.Token(TestControlPlane.OtherAccountId));

        Assert.Equal(["c4", "c3", "c2", "c1", "c0"], ids);
        Assert.Equal(0, otherAccount.GetProperty("conversions").GetArrayLength());
    }

    [Fact]
    public async Task Get_OtherAccountsConversionOrNoApiVersion_404And400()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        await using var cp = await StartAsync();
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/mine{V}", Body("input/tri.gltf"));

        var (other, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{TestControlPlane.OtherAccountId}/conversions/mine{V}",
            token: cp.Token(TestControlPlane.OtherAccountId));
        var (noVersion, n) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/conversions/mine");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("2021-01-01-preview", n.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Conversion_AfterRestart_KeptAndUnfinishedOnesRunAgain()
    {
        TestModels.WriteTriangle(Path.Combine(AssetRoot, "input"));
        var store = TestControlPlane.NewSqliteStore();
        await using (var first = await TestControlPlane.StartAsync(store, null, "--asset-root", AssetRoot))
        {
            await first.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/conversions/kept{V}", Body("input/tri.gltf"));
            await WaitFinishedAsync(first, "kept");
        }
        // A conversion a stopped process had claimed (Running) but never finished.
        await using (var raw = ControlPlaneServiceCollectionExtensions.CreateStore(store))
        {
            await raw.InsertConversionAsync(new Domain.ConversionRecord
            {
                AccountId = Dev,
                Id = "interrupted",
                Settings = new Domain.ConversionSettings(new Uri(AssetRoot).AbsoluteUri, null, "input/", "input/tri.gltf",
                    new Uri(Path.Combine(AssetRoot, "converted")).AbsoluteUri, null, "", "again.glb"),
                Status = Domain.ConversionStatus.Running,
                CreationTime = DateTimeOffset.UtcNow,
                Version = 2,
            }, default);
        }
        await using var cp = await TestControlPlane.StartAsync(store, null, "--asset-root", AssetRoot);

        var (response, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/conversions/kept{V}");
        var resumed = await WaitFinishedAsync(cp, "interrupted");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSucceeded(json);
        AssertSucceeded(resumed);
        Assert.True(File.Exists(Path.Combine(AssetRoot, "converted", "again.glb")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
