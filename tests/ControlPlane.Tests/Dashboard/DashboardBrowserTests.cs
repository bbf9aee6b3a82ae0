using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using ArrHost.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace ArrHost.ControlPlane.Tests.Dashboard;

/// <summary>The dashboard page in Debian's headless chromium, against a real control plane with a fake host.</summary>
public sealed class DashboardBrowserTests
{
    private const string Dev = DevDefaults.AccountId;

    [Fact]
    public async Task Dashboard_SessionLifecycle_ShowsStartingThenReadyThenStopped()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--startup-delay-standard", "30"]);
        var host = await cp.AddHostAsync("h1");
        host.AutoAccept = false;
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(cp.RestAddress, $"/dashboard#account={Dev}&key={DevDefaults.AccountKey}").ToString());
        var hostRow = page.Locator("#hosts tr[data-host='h1']");
        await Expect(hostRow).ToContainTextAsync("Idle");
        Assert.DoesNotContain(DevDefaults.AccountKey, page.Url, StringComparison.Ordinal); // the key left the address bar

        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 60, default);
        var state = page.Locator("#sessions tr[data-session='s1'] .state");
        await Expect(state).ToHaveTextAsync("Starting");
        await Expect(hostRow).ToContainTextAsync("s1");

        cp.Clock.Advance(TimeSpan.FromSeconds(30));
        await TestControlPlane.WaitUntilAsync(() => host.Received.Any(m => m.Lease is not null), "lease order");
        host.Send(new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = "s1" } });
        await Expect(state).ToHaveTextAsync("Ready");
        host.Send(new AgentMessage
        {
            Heartbeat = new HostHeartbeat
            {
                State = HostState.Leased,
                SessionId = "s1",
                ClientConnected = true,
                Sequence = 99,
                Frames = new HostFrameStats { FramesSent = 4321, FramesPerSecond = 59.5f, MeanTotalMs = 12.25f, MeanRenderMs = 6f, MeanEncodeMs = 3f, MeanFrameBytes = 20480 },
            },
        });
        await Expect(hostRow.Locator(".fps")).ToHaveTextAsync("59.5");
        await Expect(hostRow.Locator(".sent")).ToHaveTextAsync("4321");
        await Expect(hostRow).ToContainTextAsync("connected");
        cp.Clock.Advance(TimeSpan.FromSeconds(90));
        await Expect(page.Locator("#sessions tr[data-session='s1'] .billed")).ToHaveTextAsync("1m 30s");

        await cp.Sessions.StopAsync(Dev, "s1", default);
        await Expect(state).ToHaveTextAsync("Stopped");
    }

    [Fact]
    public async Task Dashboard_NoOrWrongKey_AsksToSignInAndShowsNoData()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(cp.RestAddress, "/dashboard").ToString());
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Expect(page.Locator("#main")).ToBeHiddenAsync();
        await page.FillAsync("#account-id", Dev);
        await page.FillAsync("#account-key", "not-the-key");
        await page.ClickAsync("#signin button");
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("The account id or key is not valid.");
        Assert.Equal(0, await page.Locator("#hosts tr[data-host]").CountAsync());

        await page.FillAsync("#account-key", DevDefaults.AccountKey);
        await page.ClickAsync("#signin button");
        await Expect(page.Locator("#hosts tr[data-host='h1']")).ToContainTextAsync("Standard");
    }
}
