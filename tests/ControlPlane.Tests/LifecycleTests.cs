using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Tests;

public sealed class LifecycleTests
{
    private const string Dev = DevDefaults.AccountId;

    [Fact]
    public async Task Create_WithStartupDelay_StartsThenReadyOnlyAfterHostAccepts()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--startup-delay-standard", "30"]);
        var host = await cp.AddHostAsync("h1");
        host.AutoAccept = false;

        var (created, isNew) = await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 60, default);
        Assert.True(isNew);
        Assert.Equal(SessionStatus.Starting, created.Status);
        Assert.Equal("h1", created.HostId);
        Assert.Equal(HostState.Reserved, (await cp.StoreImpl.GetHostAsync("h1", default))!.State);

        cp.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(host.Received, m => m.Lease is not null);
        cp.Clock.Advance(TimeSpan.FromSeconds(1));
        await TestControlPlane.WaitUntilAsync(() => host.Received.Any(m => m.Lease is not null), "lease order");
        var lease = host.Received.Single(m => m.Lease is not null).Lease;
        Assert.Equal("s1", lease.SessionId);
        Assert.Equal(Dev, lease.AccountId);
        Assert.StartsWith("arrc1.", lease.ConnectionToken);
        Assert.Equal(SessionStatus.Starting, (await cp.Sessions.GetAsync(Dev, "s1", default)).Status);

        host.Send(new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = "s1" } });
        var ready = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Ready);
        Assert.Equal(cp.Clock.GetUtcNow(), ready.ReadyTime);
        Assert.Equal(host.Endpoint, ready.RenderEndpoint);
        // The host's row is written just after the session's Ready is published.
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("h1", default).GetAwaiter().GetResult()!.State == HostState.Leased, "host h1 Leased");
    }

    [Fact]
    public async Task Create_NoFreeHost_ErrorWithCapacityReason()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("p1", SessionSize.Premium);

        var (s, _) = await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 60, default);
        var (premium, _) = await cp.Sessions.CreateAsync(Dev, "s2", SessionSize.Premium, 60, default);

        Assert.Equal(SessionStatus.Error, s.Status);
        Assert.Equal("Capacity", s.ErrorCode);
        Assert.Contains("no Standard render host is free in region 'local'", s.ErrorMessage);
        Assert.Equal(SessionStatus.Error, (await cp.Sessions.GetAsync(Dev, "s1", default)).Status);
        Assert.Equal(SessionStatus.Starting, premium.Status);
        await cp.WaitForStatusAsync("s2", x => x == SessionStatus.Ready);
    }

    [Fact]
    public async Task ConcurrentCreates_100Against10Hosts_Exactly10ReadyAnd90CapacityErrors()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--session-quota", "1000"]);
        for (var i = 0; i < 10; i++) await cp.AddHostAsync($"h{i}");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => cp.Sessions.CreateAsync(Dev, $"c{i}", SessionSize.Standard, 60, default))));

        var errors = results.Count(r => r.Session.Status == SessionStatus.Error);
        Assert.Equal(90, errors);
        Assert.All(results.Where(r => r.Session.Status == SessionStatus.Error), r => Assert.Equal("Capacity", r.Session.ErrorCode));
        var started = results.Where(r => r.Session.Status != SessionStatus.Error).Select(r => r.Session).ToList();
        Assert.Equal(10, started.Count);
        Assert.Equal(10, started.Select(s => s.HostId).Distinct().Count());
        foreach (var s in started) await cp.WaitForStatusAsync(s.Id, x => x == SessionStatus.Ready);
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.ListHostsAsync(default).GetAwaiter().GetResult().All(h => h.State == HostState.Leased), "all hosts Leased");
        var hosts = await cp.StoreImpl.ListHostsAsync(default);
        Assert.Equal(10, hosts.Select(h => h.SessionId).Distinct().Count());
    }

    [Fact]
    public async Task Lease_Deadline_ExpiresExactlyReleasesHostAndReturnsItToPool()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var host = await cp.AddHostAsync("h1");
        host.AutoRelease = false;
        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 5, default);
        var ready = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Ready);

        cp.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        var before = await cp.Sessions.GetAsync(Dev, "s1", default);
        Assert.Equal(SessionStatus.Ready, before.Status);
        Assert.Equal(4, Domain.SessionRules.ElapsedMinutes(before, cp.Clock.GetUtcNow()));

        cp.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Expired);
        Assert.Equal(ready.ReadyTime!.Value.AddMinutes(5), expired.EndTime);
        await TestControlPlane.WaitUntilAsync(() => host.Received.Any(m => m.Release?.Reason == SessionEndReason.Expired), "release order");
        Assert.Equal(HostState.Resetting, (await cp.StoreImpl.GetHostAsync("h1", default))!.State);

        host.Send(new AgentMessage { ReleaseCompleted = new ReleaseCompleted { SessionId = "s1", Clean = true } });
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("h1", default).Result!.State == HostState.Idle, "host idle");
        var (next, _) = await cp.Sessions.CreateAsync(Dev, "s2", SessionSize.Standard, 5, default);
        Assert.Equal("h1", next.HostId);
    }

    [Fact]
    public async Task Lease_Extended_ExpiresAtTheNewDeadline()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 5, default);
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Ready);
        await cp.Sessions.ExtendAsync(Dev, "s1", 10, default);

        cp.Clock.Advance(TimeSpan.FromMinutes(6));
        await Task.Delay(50);
        Assert.Equal(SessionStatus.Ready, (await cp.Sessions.GetAsync(Dev, "s1", default)).Status);
        cp.Clock.Advance(TimeSpan.FromMinutes(4));
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Expired);
    }

    [Fact]
    public async Task HostSilent_PastTimeout_SessionErrorHostLostAndHostLost()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--heartbeat-interval-ms", "1000", "--heartbeat-timeout-ms", "5000"]);
        var host = await cp.AddHostAsync("h1");
        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 60, default);
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Ready);

        cp.Clock.Advance(TimeSpan.FromSeconds(4));
        host.Heartbeat();
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("h1", default).Result!.LastHeartbeat == cp.Clock.GetUtcNow(), "heartbeat stored");
        cp.Clock.Advance(TimeSpan.FromSeconds(4));
        await cp.Hosts.ScanAsync(default);
        Assert.Equal(SessionStatus.Ready, (await cp.Sessions.GetAsync(Dev, "s1", default)).Status);

        cp.Clock.Advance(TimeSpan.FromSeconds(2));
        await cp.Hosts.ScanAsync(default);

        var failed = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Error);
        Assert.Equal("HostLost", failed.ErrorCode);
        Assert.StartsWith("HostLost: render host h1 stopped responding (no heartbeat for", failed.ErrorMessage);
        Assert.Equal(HostState.Lost, (await cp.StoreImpl.GetHostAsync("h1", default))!.State);
        await TestControlPlane.WaitUntilAsync(() => host.Ended, "lost host's stream to close");
        var (next, _) = await cp.Sessions.CreateAsync(Dev, "s2", SessionSize.Standard, 60, default);
        Assert.Equal("Capacity", next.ErrorCode);
    }

    [Fact]
    public async Task HostReportsSessionFailed_DeviceLost_SessionErrorWithHostsCodeAndReleaseOrdered()
    {
        await using var cp = await TestControlPlane.StartAsync();
        var host = await cp.AddHostAsync("h1");
        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 60, default);
        await cp.WaitForStatusAsync("s1", s => s == SessionStatus.Ready);

        host.Send(new AgentMessage { SessionFailed = new SessionFailed { SessionId = "s1", Code = "DeviceLost", Message = "vkQueueSubmit failed: ErrorDeviceLost (-4)" } });

        var failed = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Error);
        Assert.Equal("DeviceLost", failed.ErrorCode);
        Assert.Contains("vkQueueSubmit failed", failed.ErrorMessage);
        await TestControlPlane.WaitUntilAsync(() => host.Received.Any(m => m.Release?.SessionId == "s1"), "release order");
        Assert.Equal(SessionEndReason.Error, host.Received.Single(m => m.Release is not null).Release.Reason);
    }

    [Fact]
    public async Task Restart_SameSqliteFile_SessionsSurviveAndOverdueLeasesExpire()
    {
        var store = TestControlPlane.NewSqliteStore();
        var clock = new ManualTimeProvider();
        await using (var cp = await TestControlPlane.StartAsync(store, clock))
        {
            await cp.AddHostAsync("h1");
            await cp.AddHostAsync("h2");
            await cp.Sessions.CreateAsync(Dev, "short", SessionSize.Standard, 5, default);
            await cp.Sessions.CreateAsync(Dev, "long", SessionSize.Standard, 120, default);
            await cp.WaitForStatusAsync("short", s => s == SessionStatus.Ready);
            await cp.WaitForStatusAsync("long", s => s == SessionStatus.Ready);
        }
        clock.Advance(TimeSpan.FromMinutes(10)); // the control plane is down past the short lease's deadline

        await using var restarted = await TestControlPlane.StartAsync(store, clock);
        var shortLease = await restarted.Sessions.GetAsync(Dev, "short", default);
        Assert.Equal(SessionStatus.Expired, shortLease.Status);
        Assert.Equal(shortLease.ReadyTime!.Value.AddMinutes(5), shortLease.EndTime);
        var longLease = await restarted.Sessions.GetAsync(Dev, "long", default);
        Assert.Equal(SessionStatus.Ready, longLease.Status);

        // The re-armed timer still fires at the exact deadline.
        restarted.Clock.Advance(TimeSpan.FromMinutes(110) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(SessionStatus.Ready, (await restarted.Sessions.GetAsync(Dev, "long", default)).Status);
        restarted.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await restarted.WaitForStatusAsync("long", s => s == SessionStatus.Expired);
    }

    [Fact]
    public async Task Restart_HostReattaches_KeepsItsSessionOrFailsTheLostOne()
    {
        var store = TestControlPlane.NewSqliteStore();
        var clock = new ManualTimeProvider();
        await using (var cp = await TestControlPlane.StartAsync(store, clock))
        {
            await cp.AddHostAsync("keeps");
            await cp.Sessions.CreateAsync(Dev, "kept", SessionSize.Standard, 60, default);
            await cp.WaitForStatusAsync("kept", s => s == SessionStatus.Ready);
            await cp.AddHostAsync("forgets");
            await cp.Sessions.CreateAsync(Dev, "lost", SessionSize.Standard, 60, default);
            await cp.WaitForStatusAsync("lost", s => s == SessionStatus.Ready);
        }

        await using var restarted = await TestControlPlane.StartAsync(store, clock);
        var keeps = new FakeHost(restarted.Hosts, "keeps", SessionSize.Standard, "local") { CurrentSessionId = "kept" };
        var forgets = new FakeHost(restarted.Hosts, "forgets", SessionSize.Standard, "local");
        await using (keeps)
        await using (forgets)
        {
            await keeps.StartAsync();
            await forgets.StartAsync();

            Assert.Equal(SessionStatus.Ready, (await restarted.Sessions.GetAsync(Dev, "kept", default)).Status);
            Assert.Equal(HostState.Leased, (await restarted.StoreImpl.GetHostAsync("keeps", default))!.State);
            var lost = await restarted.WaitForAsync("lost", s => s.Status == SessionStatus.Error);
            Assert.Equal("HostLost", lost.ErrorCode);
            Assert.Contains("restarted and lost the session", lost.ErrorMessage);
            Assert.Equal(HostState.Idle, (await restarted.StoreImpl.GetHostAsync("forgets", default))!.State);

            // The kept session is still released to its host at its deadline.
            restarted.Clock.Advance(TimeSpan.FromMinutes(60));
            await restarted.WaitForStatusAsync("kept", s => s == SessionStatus.Expired);
            await TestControlPlane.WaitUntilAsync(() => keeps.Received.Any(m => m.Release?.SessionId == "kept"), "release of the kept session");
        }
    }

    [Fact]
    public async Task Watch_Lifecycle_StreamsEveryChangeInOrder()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.AddHostAsync("h1");
        using var watch = cp.Feed.Watch(new Domain.SessionKey(Dev, "w1"));

        await cp.Sessions.CreateAsync(Dev, "w1", SessionSize.Standard, 60, default);
        await cp.WaitForStatusAsync("w1", s => s == SessionStatus.Ready);
        await cp.Sessions.StopAsync(Dev, "w1", default);

        var reasons = new List<string>();
        var versions = new List<long>();
        while (reasons.Count < 5)
        {
            var change = await watch.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            reasons.Add(change.Reason);
            versions.Add(change.Session.Version);
        }
        Assert.Equal(["Created", "HostReserved", "ResettingHost", "Ready", "Stopped"], reasons);
        Assert.Equal([1L, 2, 3, 4, 5], versions);
    }

    [Fact]
    public async Task Watch_DuringSimulatedStartup_ProgressEventsWithGrowingFraction()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--startup-delay-standard", "5"]);
        await cp.AddHostAsync("h1");
        using var watch = cp.Feed.Watch(new Domain.SessionKey(Dev, "p1"));
        await cp.Sessions.CreateAsync(Dev, "p1", SessionSize.Standard, 60, default);
        var projection = (Sessions.SessionProjection)cp.App.Services.GetService(typeof(Sessions.SessionProjection))!;

        var fractions = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            cp.Clock.Advance(TimeSpan.FromSeconds(1));
            Sessions.SessionChange change;
            do
            {
                change = await watch.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            while (change.Reason != "Progress");
            var p = projection.Progress(change.Session, cp.Clock.GetUtcNow())!;
            Assert.Equal("StartingVm", p.Stage);
            fractions.Add(p.Fraction);
            Assert.Equal(5000 - 1000 * (i + 1), p.EstimatedRemainingMs);
        }
        Assert.True(fractions[0] < fractions[1] && fractions[1] < fractions[2], string.Join(", ", fractions));
        cp.Clock.Advance(TimeSpan.FromSeconds(2));
        await cp.WaitForStatusAsync("p1", s => s == SessionStatus.Ready);
    }

    [Fact]
    public async Task Quota_ActiveSessionsAtLimit_RefusesWithQuotaExceeded()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--session-quota", "2"]);
        for (var i = 0; i < 3; i++) await cp.AddHostAsync($"h{i}");
        await cp.Sessions.CreateAsync(Dev, "a", SessionSize.Standard, 60, default);
        await cp.Sessions.CreateAsync(Dev, "b", SessionSize.Standard, 60, default);

        var ex = await Assert.ThrowsAsync<Domain.ArrException>(() => cp.Sessions.CreateAsync(Dev, "c", SessionSize.Standard, 60, default));
        Assert.Equal(Domain.ErrorKind.QuotaExceeded, ex.Kind);
        await Assert.ThrowsAsync<Domain.ArrException>(() => cp.Sessions.GetAsync(Dev, "c", default));

        await cp.Sessions.StopAsync(Dev, "a", default);
        var (c, _) = await cp.Sessions.CreateAsync(Dev, "c", SessionSize.Standard, 60, default);
        Assert.True(c.IsActive);
    }

    [Fact]
    public async Task Purge_EndedMoreThan30DaysAgo_Deleted()
    {
        await using var cp = await TestControlPlane.StartAsync();
        await cp.Sessions.CreateAsync(Dev, "old", SessionSize.Standard, 60, default); // Capacity error: ended now
        var purge = (PurgeService)cp.App.Services.GetService(typeof(PurgeService))!;
        cp.Clock.Advance(TimeSpan.FromDays(29));
        await purge.PurgeOnceAsync(default);
        Assert.Equal(SessionStatus.Error, (await cp.Sessions.GetAsync(Dev, "old", default)).Status);
        cp.Clock.Advance(TimeSpan.FromDays(1.1)); // the hourly purge may run inside the advance; either way it is gone
        await purge.PurgeOnceAsync(default);
        await Assert.ThrowsAsync<Domain.ArrException>(() => cp.Sessions.GetAsync(Dev, "old", default));
    }
}
