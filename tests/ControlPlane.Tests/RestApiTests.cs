using System.Net;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Tests;

public sealed class RestApiTests
{
    private const string Dev = DevDefaults.AccountId;
    private const string V = "?api-version=2021-01-01";

    [Fact]
    public async Task V1Create_VerbatimDocumentationRequest_Returns202AndSessionBecomesReady()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        // Exactly as in the product documentation: single quotes, lower-case size, a token from the token service.
        var tokenRequest = cp.Request(HttpMethod.Get, $"/accounts/{Dev}/token");
        tokenRequest.Headers.Add("Authorization", $"Bearer {Dev}:{DevDefaults.AccountKey}");
        var tokenResponse = await cp.Http.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessToken").GetString();

        var (response, json) = await cp.SendAsync(HttpMethod.Post, $"/v1/accounts/{Dev}/sessions/create",
            "{ 'maxLeaseTime': '4:0:0', 'models': [], 'size': 'standard' }", token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(response.Headers.Contains("MS-CV"));
        var id = json.GetProperty("sessionId").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        await cp.WaitForStatusAsync(id, s => s == SessionStatus.Ready);
        var (props, p) = await cp.SendAsync(HttpMethod.Get, $"/v1/accounts/{Dev}/sessions/{id}/properties", token: token);
        Assert.Equal(HttpStatusCode.OK, props.StatusCode);
        Assert.Equal("Ready", p.GetProperty("sessionStatus").GetString());
        Assert.Equal("04:00:00", p.GetProperty("sessionMaxLeaseTime").GetString());
        Assert.Equal("00:00:00", p.GetProperty("sessionElapsedTime").GetString());
        Assert.Equal("Standard", p.GetProperty("sessionSize").GetString());
        Assert.Equal("127.0.0.1", p.GetProperty("sessionHostname").GetString());
        Assert.Equal(id, p.GetProperty("sessionId").GetString());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task V1Routes_PatchListDelete_FollowTheV1Shapes()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        var (_, created) = await cp.SendAsync(HttpMethod.Post, $"/v1/accounts/{Dev}/sessions/create", """{"maxLeaseTime": "0:30:0", "size": "Standard"}""");
        var id = created.GetProperty("sessionId").GetString()!;
        await cp.WaitForStatusAsync(id, s => s == SessionStatus.Ready);

        var (patch, p) = await cp.SendAsync(HttpMethod.Patch, $"/v1/accounts/{Dev}/sessions/{id}", "{'maxLeaseTime': '5:0:0'}");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("05:00:00", p.GetProperty("sessionMaxLeaseTime").GetString());

        var (list, l) = await cp.SendAsync(HttpMethod.Get, $"/v1/accounts/{Dev}/sessions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(id, Assert.Single(l.GetProperty("sessions").EnumerateArray()).GetProperty("sessionId").GetString());

        var (delete, _) = await cp.SendAsync(HttpMethod.Delete, $"/v1/accounts/{Dev}/sessions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(SessionStatus.Stopped, (await cp.Sessions.GetAsync(Dev, id, default)).Status);
    }

    [Fact]
    public async Task Create2021_NewThenRetriedThenChanged_Returns201Then200Then409()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        var body = """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""";

        var (first, s) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/my-session_1{V}", body);
        var (retry, _) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/my-session_1{V}", body);
        var (other, e) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/my-session_1{V}", """{"maxLeaseTimeMinutes": 61, "size": "Standard"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        string[] keys = ["id", "creationTime", "arrInspectorPort", "handshakePort", "elapsedTimeMinutes", "hostname", "maxLeaseTimeMinutes", "size", "status", "teraflops", "error"];
        foreach (var k in keys) Assert.True(s.TryGetProperty(k, out _), $"key {k} missing");
        Assert.Equal("Starting", s.GetProperty("status").GetString());
        Assert.Equal(0, s.GetProperty("handshakePort").GetInt32());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("hostname").ValueKind);
        Assert.Equal(0.0, s.GetProperty("teraflops").GetDouble());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("Conflict", e.GetProperty("error").GetProperty("code").GetString());

        await cp.WaitForStatusAsync("my-session_1", st => st == SessionStatus.Ready);
        var (get, g) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions/my-session_1{V}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("Ready", g.GetProperty("status").GetString());
        Assert.InRange(g.GetProperty("handshakePort").GetInt32(), 1, 65535);
        Assert.Equal(10.6, g.GetProperty("teraflops").GetDouble());
        Assert.StartsWith("arrc1.", g.GetProperty("connectionToken").GetString());
    }

    [Theory]
    [InlineData("bad id!", """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""", V, "session id")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 60, "size": "Huge"}""", V, "size")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": -1, "size": "Standard"}""", V, "between 0 and 1440")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 1441, "size": "Standard"}""", V, "between 0 and 1440")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 60, "size": "Standard", "color": "red"}""", V, "Unknown field 'color'")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 60, "size": """, V, "not valid JSON")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": "60", "size": "Standard"}""", V, "must be an integer")]
    [InlineData("ok", """{"size": "Standard"}""", V, "is required")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""", "?api-version=2019-01-01", "not supported")]
    [InlineData("ok", """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""", "", "api-version")]
    public async Task Create2021_BadInput_Returns400WithClearErrorAndStoresNothing(string id, string body, string query, string expected)
    {
        await using var cp = await TestControlPlane.StartAsync();
        var (response, json) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/{Uri.EscapeDataString(id)}{query}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = json.GetProperty("error");
        Assert.Equal("BadRequest", error.GetProperty("code").GetString());
        Assert.Contains(expected, error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("details").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("target").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("innerError").ValueKind);
        Assert.True(response.Headers.Contains("MS-CV"));
        Assert.Empty((await cp.Sessions.ListAsync(Dev, true, 100, null, default)).Sessions);
    }

    [Fact]
    public async Task Stop_SlashColonRoute_Returns204AndIsIrreversible()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var host = await cp.AddHostAsync("h1");
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 60, "size": "standard"}""");
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Ready);

        var (stop, _) = await cp.SendAsync(HttpMethod.Post, $"/accounts/{Dev}/sessions/s1/:stop{V}");
        var (again, _) = await cp.SendAsync(HttpMethod.Post, $"/accounts/{Dev}/sessions/s1/:stop{V}");
        var (extend, e) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 90}""");
        var (_, g) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions/s1{V}");

        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extend.StatusCode);
        Assert.Equal("UnprocessableEntity", e.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Stopped", g.GetProperty("status").GetString());
        Assert.Equal(60, g.GetProperty("maxLeaseTimeMinutes").GetInt32());
        await TestControlPlane.WaitUntilAsync(() => host.Received.Any(m => m.Release?.Reason == SessionEndReason.Stopped), "release order");
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("h1", default).Result!.State == HostState.Idle, "host back to the pool");
    }

    [Fact]
    public async Task Extend_Rules_LargerAndBelow1440AllowedWhileStarting()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--startup-delay-standard", "60"]);
        await cp.AddHostAsync("h1");
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""");

        var (starting, s) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 90}""");
        var (same, _) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 90}""");
        var (smaller, _) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 30}""");
        var (max, m) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 1440}""");
        var (below, b) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 1439}""");

        Assert.Equal(HttpStatusCode.OK, starting.StatusCode);
        Assert.Equal("Starting", s.GetProperty("status").GetString());
        Assert.Equal(90, s.GetProperty("maxLeaseTimeMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, smaller.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, max.StatusCode);
        Assert.Contains("below 1440", m.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, below.StatusCode);
        Assert.Equal(1439, b.GetProperty("maxLeaseTimeMinutes").GetInt32());
    }

    [Fact]
    public async Task List_ManySessions_PagesThroughNextLinkNewestFirst()
    {
        var ids = new List<string>();
        string? next;
        int pages;
        await using var cp2 = await TestControlPlane.StartAsync(args: ["--session-quota", "100", "--startup-delay-standard", "600"]);
        for (var i = 0; i < 25; i++) await cp2.AddHostAsync($"h{i}");
        for (var i = 0; i < 25; i++)
        {
            await cp2.Sessions.CreateAsync(Dev, $"s{i:00}", SessionSize.Standard, 60, default);
            cp2.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        next = $"/accounts/{Dev}/sessions{V}&maxPageSize=10";
        pages = 0;
        while (next is not null)
        {
            var (r, j) = await cp2.SendAsync(HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            ids.AddRange(j.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            var link = j.GetProperty("@nextLink");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"s{i:00}"), ids);
    }

    [Fact]
    public async Task CrossAccount_GetExtendStop_Return404AndChangeNothing()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/mine{V}", """{"maxLeaseTimeMinutes": 60, "size": "Standard"}""");
        var other = cp.Token(TestControlPlane.OtherAccountId);

        var (get, g) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{TestControlPlane.OtherAccountId}/sessions/mine{V}", token: other);
        var (viaRoute, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions/mine{V}", token: other);
        var (stop, _) = await cp.SendAsync(HttpMethod.Post, $"/accounts/{Dev}/sessions/mine/:stop{V}", token: other);
        var (extend, _) = await cp.SendAsync(HttpMethod.Patch, $"/accounts/{TestControlPlane.OtherAccountId}/sessions/mine{V}", """{"maxLeaseTimeMinutes": 90}""", other);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("NotFound", g.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, viaRoute.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, extend.StatusCode);
        var s = await cp.Sessions.GetAsync(Dev, "mine", default);
        Assert.True(s.IsActive);
        Assert.Equal(60, s.MaxLeaseMinutes);
    }

    [Fact]
    public async Task Token_ExpiredForgedOrWrongKey_Returns401WithChallenge()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var token = cp.Token();
        var forged = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];

        var (wrongKey, _) = await SendRaw(cp, $"/accounts/{Dev}/token", $"Bearer {Dev}:not-the-key");
        var (missing, m) = await SendRaw(cp, $"/accounts/{Dev}/sessions{V}", null);
        var (forgedResponse, f) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions{V}", token: forged);
        var (valid, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions{V}", token: token);
        cp.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var (expired, x) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions{V}", token: token);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
        Assert.Contains("signature", f.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", x.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("Bearer error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RateLimit_BurstExceeded_Returns429WithIntegerRetryAfter()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--rate-limit-burst", "3", "--rate-limit-per-second", "1"]);
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        JsonElement body = default;
        for (var i = 0; i < 6; i++)
        {
            var (r, j) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions{V}");
            codes.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = r;
                body = j;
            }
        }
        // Another account has its own budget.
        var (other, _) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{TestControlPlane.OtherAccountId}/sessions{V}", token: cp.Token(TestControlPlane.OtherAccountId));

        Assert.Equal(HttpStatusCode.OK, codes[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.NotNull(limited);
        var retryAfter = limited!.Headers.GetValues("Retry-After").Single();
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, retryAfter);
        Assert.Equal("TooManyRequests", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Create_BodyTooLarge_Returns413()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var big = "{\"maxLeaseTimeMinutes\": 60, \"size\": \"Standard\", \"pad\": \"" + new string('x', 70_000) + "\"}";
        var (r, j) = await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/s1{V}", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("PayloadTooLarge", j.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Usage_AfterExpiry_BillsReadyToDeadline()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        await cp.SendAsync(HttpMethod.Put, $"/accounts/{Dev}/sessions/s1{V}", """{"maxLeaseTimeMinutes": 10, "size": "Standard"}""");
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Ready);
        cp.Clock.Advance(TimeSpan.FromMinutes(11));
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Expired);

        var (r, j) = await cp.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/usage{V}");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var record = Assert.Single(j.GetProperty("records").EnumerateArray());
        Assert.Equal(600, record.GetProperty("billedSeconds").GetDouble(), 3);
        Assert.Equal(10, j.GetProperty("standardMinutes").GetDouble(), 3);
    }

    [Fact]
    public async Task HealthAndAlive_Return200()
    {
        await using var cp = await TestControlPlane.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await cp.Http.GetAsync("/alive")).StatusCode);
        var health = await cp.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(health.Headers.Contains("MS-CV"));
    }

    [Fact]
    public async Task Metrics_AfterCreates_PrometheusTextCountsThisControlPlanesSessions()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        await cp.Sessions.CreateAsync(Dev, "m1", SessionSize.Standard, 60, default);
        await cp.Sessions.CreateAsync(Dev, "m2", SessionSize.Standard, 60, default); // no free host: a capacity error

        var response = await cp.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("# TYPE arr_sessions_created_total counter", lines);
        Assert.Contains(lines, l => l.StartsWith("arr_sessions_created_total", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("arr_sessions_capacity_errors_total", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", lines);
    }

    private static async Task<(HttpResponseMessage, JsonElement)> SendRaw(TestControlPlane cp, string path, string? authorization)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null) r.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await cp.Http.SendAsync(r);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
