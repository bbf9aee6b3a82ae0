using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ArrHost.ControlPlane.Tests.Auth;

public sealed class AccessTokenTests
{
    private const string Dev = DevDefaults.AccountId;

    /// <summary>The request Azure.MixedReality.Authentication's STS client sends.</summary>
    private static HttpRequestMessage StsRequest(string path, string accountId = Dev, string key = DevDefaults.AccountKey)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, path);
        r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{accountId}:{key}");
        r.Headers.Accept.ParseAdd("application/json");
        r.Headers.TryAddWithoutValidation("X-MRC-CV", "sdk-cv.1");
        return r;
    }

    [Fact]
    public async Task GetToken_SdkSpellingAndApiVersion_ReturnsJwtWithExpAudIssAndAccount()
    {
        await using var cp = await TestControlPlane.StartAsync();

        var response = await cp.Http.SendAsync(StsRequest($"/Accounts/{Dev}/token?api-version=2019-02-28-preview"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var jwt = new JsonWebToken(body.GetProperty("AccessToken").GetString());
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(TokenService.TokenIssuer("local"), jwt.Issuer);
        Assert.Equal([TokenService.TokenAudience("local")], jwt.Audiences);
        Assert.Equal(Dev, jwt.GetClaim("accountId").Value);
        Assert.Equal(cp.Clock.GetUtcNow().AddHours(24).UtcDateTime, jwt.ValidTo);
        Assert.Equal(cp.Clock.GetUtcNow().UtcDateTime, jwt.IssuedAt);
    }

    [Fact]
    public async Task GetToken_UnknownStsApiVersion_Returns400()
    {
        await using var cp = await TestControlPlane.StartAsync();

        var response = await cp.Http.SendAsync(StsRequest($"/accounts/{Dev}/token?api-version=2000-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("2019-02-28-preview", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task IssuedJwt_UsedOnRestAndGrpc_IsAccepted()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var response = await cp.Http.SendAsync(StsRequest($"/Accounts/{Dev}/token?api-version=2019-02-28-preview"));
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessToken").GetString()!;

        var (rest, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01-preview", token: token);
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var list = await new Protos.V1.Sessions.SessionsClient(channel).ListSessionsAsync(new ListSessionsRequest(), Auth(token));

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal(0, json.GetProperty("sessions").GetArrayLength());
        Assert.Empty(list.Sessions);
    }

    [Fact]
    public async Task OldArr1Token_OnRestAndGrpc_Refused401WithClearMessage()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var old = "arr1." + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Dev}|99999999999|nonce")).TrimEnd('=') + ".c2lnbmF0dXJl";

        var (rest, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: old);
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var grpc = await Assert.ThrowsAsync<RpcException>(() =>
            new Protos.V1.Sessions.SessionsClient(channel).ListSessionsAsync(new ListSessionsRequest(), Auth(old)).ResponseAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", rest.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("old 'arr1.' form", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(StatusCode.Unauthenticated, grpc.StatusCode);
        Assert.Contains("old 'arr1.' form", grpc.Status.Detail);
    }

    [Fact]
    public async Task Jwt_SignedWithOtherKeyOrGarbage_Refused401()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var now = cp.Clock.GetUtcNow().UtcDateTime;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        string Make(byte[] key, string audience, DateTime? expires) => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.TokenIssuer("local"),
            Audience = audience,
            IssuedAt = now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["accountId"] = Dev },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        var otherKey = Make(new byte[32], TokenService.TokenAudience("local"), now.AddHours(1));

        var (wrongKey, w) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: otherKey);
        var (garbage, g) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: "not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Contains("signature", w.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Contains("malformed", g.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Jwt_FromAnotherRegion_Refused401NotIssuedHere()
    {
        var store = TestControlPlane.NewSqliteStore();
        string foreign;
        await using (var west = await TestControlPlane.StartAsync(store, null, "--region", "westeurope"))
        {
            foreign = west.Token();
        }
        await using var cp = await TestControlPlane.StartAsync(store);

        var (response, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: foreign);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not issued for this region", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Jwt_AfterExpiry_Refused401Expired()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var token = cp.Token();
        cp.Clock.Advance(TimeSpan.FromHours(24));

        var (response, json) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: token);
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var grpc = await Assert.ThrowsAsync<RpcException>(() =>
            new Protos.V1.Sessions.SessionsClient(channel).ListSessionsAsync(new ListSessionsRequest(), Auth(token)).ResponseAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(StatusCode.Unauthenticated, grpc.StatusCode);
        Assert.Contains("expired", grpc.Status.Detail);
    }

    [Fact]
    public async Task Jwt_AfterRestartOnSameStore_StillAccepted()
    {
        var store = TestControlPlane.NewSqliteStore();
        string token;
        await using (var first = await TestControlPlane.StartAsync(store))
        {
            token = first.Token();
        }
        await using var cp = await TestControlPlane.StartAsync(store);

        var (response, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01", token: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Metadata Auth(string token) => new() { { "authorization", "Bearer " + token } };
}
