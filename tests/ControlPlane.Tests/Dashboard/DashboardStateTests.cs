using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Tests.Dashboard;

public sealed class DashboardStateTests
{
    private const string Dev = DevDefaults.AccountId;

    [Fact]
    public async Task State_WithoutAccountKey_Is401()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var none = await cp.Http.GetAsync("/dashboard/state");
        using var token = new HttpRequestMessage(HttpMethod.Get, "/dashboard/state");
        token.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{Dev}:wrong-key-123");
        var wrong = await cp.Http.SendAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cp.Http.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task State_ReadySessionAndOtherAccount_BillsSoFarAndHidesTheOtherAccountsSession()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--session-quota", "10"]);
        await cp.AddHostAsync("h1");
        await cp.AddHostAsync("h2");
        await cp.Sessions.CreateAsync(Dev, "mine", SessionSize.Standard, 60, default);
        await cp.Sessions.CreateAsync(TestControlPlane.OtherAccountId, "theirs", SessionSize.Standard, 60, default);
        await cp.WaitForStatusAsync("mine", s => s == SessionStatus.Ready);
        await cp.WaitForStatusAsync("theirs", s => s == SessionStatus.Ready, TestControlPlane.OtherAccountId);
        cp.Clock.Advance(TimeSpan.FromSeconds(125));

        var json = await StateAsync(cp);

        var sessions = json.GetProperty("sessions").EnumerateArray().ToList();
        var mine = Assert.Single(sessions);
        Assert.Equal("mine", mine.GetProperty("id").GetString());
        Assert.Equal("Ready", mine.GetProperty("status").GetString());
        Assert.Equal(125, mine.GetProperty("billedSeconds").GetDouble());
        Assert.Equal(2, mine.GetProperty("billedMinutes").GetInt32());
        Assert.Equal(60 * 60 - 125, mine.GetProperty("leaseRemainingSeconds").GetDouble());
        var hostSessions = json.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("sessionId").GetString()).Order().ToList();
        Assert.Equal(["(another account)", "mine"], hostSessions);
    }

    [Fact]
    public async Task State_FailedSession_ShowsTheReason()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.Sessions.CreateAsync(Dev, "nohost", SessionSize.Premium, 60, default);

        var s = Assert.Single((await StateAsync(cp)).GetProperty("sessions").EnumerateArray());

        Assert.Equal("Error", s.GetProperty("status").GetString());
        Assert.Equal("Capacity", s.GetProperty("errorCode").GetString());
        Assert.Contains("no Premium render host is free", s.GetProperty("errorMessage").GetString());
    }

    private static async Task<JsonElement> StateAsync(TestControlPlane cp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/state");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{Dev}:{DevDefaults.AccountKey}");
        var response = await cp.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
