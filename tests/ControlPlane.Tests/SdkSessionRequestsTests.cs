using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;

namespace ArrHost.ControlPlane.Tests;

/// <summary>
/// The session calls exactly as Azure.MixedReality.RemoteRendering sends them (its headers, compact JSON, both
/// api-versions), and the keys and statuses it reads back.
/// </summary>
public sealed class SdkSessionRequestsTests
{
    private const string Dev = DevDefaults.AccountId;

    private static HttpRequestMessage SdkRequest(HttpMethod method, string path, string token, string? body = null)
    {
        var r = new HttpRequestMessage(method, path);
        r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        r.Headers.Accept.ParseAdd("application/json");
        r.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        r.Headers.TryAddWithoutValidation("x-ms-return-client-request-id", "true");
        r.Headers.TryAddWithoutValidation("User-Agent", "azsdk-net-MixedReality.RemoteRendering/1.1.0 (.NET 10.0; Linux)");
        if (body is not null) r.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return r;
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(TestControlPlane cp, HttpRequestMessage request)
    {
        var response = await cp.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("2021-01-01")]
    [InlineData("2021-01-01-preview")]
    public async Task SessionCalls_AsTheSdkSendsThem_AnswerTheStatusesAndKeysItReads(string version)
    {
        await using var cp = await TestControlPlane.StartAsync(null, null, "--startup-delay-standard", "60");
        await cp.AddHostAsync("h1");
        var token = cp.Token();
        var q = "?api-version=" + version;

        var (create, c) = await SendAsync(cp, SdkRequest(HttpMethod.Put, $"/accounts/{Dev}/sessions/sdk-1{q}", token, """{"maxLeaseTimeMinutes":30,"size":"Standard"}"""));
        var (poll, p) = await SendAsync(cp, SdkRequest(HttpMethod.Get, $"/accounts/{Dev}/sessions/sdk-1{q}", token));
        var (update, u) = await SendAsync(cp, SdkRequest(HttpMethod.Patch, $"/accounts/{Dev}/sessions/sdk-1{q}", token, """{"maxLeaseTimeMinutes":45}"""));
        var (list, l) = await SendAsync(cp, SdkRequest(HttpMethod.Get, $"/accounts/{Dev}/sessions{q}", token));
        var (stop, _) = await SendAsync(cp, SdkRequest(HttpMethod.Post, $"/accounts/{Dev}/sessions/sdk-1/:stop{q}", token));
        var (stopped, s) = await SendAsync(cp, SdkRequest(HttpMethod.Get, $"/accounts/{Dev}/sessions/sdk-1{q}", token));

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("Starting", c.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal("5", poll.Headers.RetryAfter!.ToString());
        Assert.True(poll.Headers.Contains("MS-CV"));
        foreach (var key in new[] { "id", "arrInspectorPort", "handshakePort", "elapsedTimeMinutes", "hostname", "maxLeaseTimeMinutes", "size", "status", "teraflops", "error", "creationTime" })
            Assert.True(p.TryGetProperty(key, out _), key);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(45, u.GetProperty("maxLeaseTimeMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("sdk-1", Assert.Single(l.GetProperty("sessions").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, l.GetProperty("@nextLink").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        Assert.Equal("Stopped", s.GetProperty("status").GetString());
        Assert.Null(stopped.Headers.RetryAfter);
    }

    [Fact]
    public async Task Token_AsTheSdkStsClientSendsIt_AnswersAccessTokenWithMsCv()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var request = SdkRequest(HttpMethod.Get, $"/Accounts/{Dev}/token?api-version=2019-02-28-preview", $"{Dev}:{DevDefaults.AccountKey}");
        request.Headers.TryAddWithoutValidation("X-MRC-CV", "abc.1");

        var (response, json) = await SendAsync(cp, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("MS-CV"));
        Assert.Equal(3, json.GetProperty("AccessToken").GetString()!.Split('.').Length);
    }
}
