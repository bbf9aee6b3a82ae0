using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArrHost.Client;
using ArrHost.Rpc;
using ArrHost.Tooling.Region;

namespace ArrHost.Integration.Tests;

/// <summary>A local region started as `arr region --https` does: its development certificate, one Standard host.</summary>
public sealed class HttpsRegion : RegionFixture
{
    internal override RegionOptions Options(string folder) => new() { Hosts = ["standard"], StartupDelaySeconds = 0, Https = true };
}

/// <summary>
/// What an ARR client does against an https region: the STS and the REST API with the SDK's routes and versions,
/// a conversion of a glTF with external files, and a session that loads the converted model, all over TLS.
/// </summary>
public sealed class HttpsRegionTests(HttpsRegion region) : IClassFixture<HttpsRegion>
{
    [Fact]
    public async Task HttpsRegion_StsConversionAndSessionOverTls_ConvertedModelLoads()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        var info = region.Region.Info;
        Assert.StartsWith("https://", info.Endpoint);
        Assert.StartsWith("https://", info.RestEndpoint);
        Assert.True(File.Exists(info.CaCertificate));
        var regionJson = JsonDocument.Parse(await File.ReadAllTextAsync(region.Region.WriteInfoFile(), ct)).RootElement;
        Assert.Equal(info.CaCertificate, regionJson.GetProperty("caCertificate").GetString());

        var authority = RpcTls.LoadAuthority(info.CaCertificate!);
        using var http = new HttpClient(new SocketsHttpHandler().TrustAuthority(authority)) { BaseAddress = new Uri(info.RestEndpoint) };
        var sts = new HttpRequestMessage(HttpMethod.Get, $"/Accounts/{info.AccountId}/token?api-version=2019-02-28-preview");
        sts.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{info.AccountId}:{info.AccountKey}");
        using var stsResponse = await http.SendAsync(sts, ct);
        Assert.Equal(HttpStatusCode.OK, stsResponse.StatusCode);
        var token = JsonDocument.Parse(await stsResponse.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("AccessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // The sample as a .gltf with an external .bin and a .png, converted into one .glb under the hosts' asset root.
        var input = Path.Combine(region.AssetRoot, "input");
        Directory.CreateDirectory(input);
        foreach (var file in Directory.GetFiles(Path.Combine(Samples.Root, "BoxTextured", "glTF"))) File.Copy(file, Path.Combine(input, Path.GetFileName(file)), true);
        var body = JsonSerializer.Serialize(new
        {
            settings = new
            {
                inputLocation = new { storageContainerUri = new Uri(region.AssetRoot).AbsoluteUri, blobPrefix = "input/", relativeInputAssetPath = "input/BoxTextured.gltf" },
                outputLocation = new { storageContainerUri = new Uri(Path.Combine(region.AssetRoot, "converted")).AbsoluteUri, outputAssetFilename = "box.arrAsset" },
            },
        });
        using var put = await http.PutAsync($"/accounts/{info.AccountId}/conversions/box-1?api-version=2021-01-01",
            new StringContent(body, Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        JsonElement conversion;
        while (true)
        {
            using var get = await http.GetAsync($"/accounts/{info.AccountId}/conversions/box-1?api-version=2021-01-01", ct);
            conversion = JsonDocument.Parse(await get.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            if (conversion.GetProperty("status").GetString() is not ("NotStarted" or "Running")) break;
            await Task.Delay(50, ct);
        }
        Assert.True(conversion.GetProperty("status").GetString() == "Succeeded", conversion.GetRawText());
        var outputUri = conversion.GetProperty("output").GetProperty("outputAssetUri").GetString()!;

        // The SDK over TLS, trusting the region's certificate; the host loads the conversion's output by its URI.
        using var client = new RemoteRenderingClient(new RemoteRenderingClientOptions
        {
            Endpoint = new Uri(info.Endpoint),
            AccountId = info.AccountId,
            AccountKey = info.AccountKey,
            TrustedCertificateAuthority = authority,
        });
        var session = await client.CreateNewRenderingSessionAsync(
            new RenderingSessionCreationOptions { Size = RenderingSessionSize.Standard, MaxLeaseInMinutes = 10 }, ct);
        try
        {
            Assert.Equal(RenderingSessionStatus.Ready, (await session.WaitForReadyAsync(null, ct)).Status);
            await using var connection = await session.ConnectAsync(new RendererInitOptions { Codec = FrameCodec.Raw, Width = 64, Height = 48 }, ct);
            var box = await connection.LoadModelAsync(new LoadModelOptions { Url = outputUri }, null, ct);
            Assert.Equal(12ul, box.PrimitiveCount);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
        }
    }
}
