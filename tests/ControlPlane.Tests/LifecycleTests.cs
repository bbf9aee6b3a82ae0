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
        Assert.Equal(HostState.Leased, (await cp.StoreImpl.GetHostAsync("h1", default))!.State);
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
        var hosts = await cp.StoreImpl.ListHostsAsync(default);
        Assert.All(hosts, h => Assert.Equal(HostState.Leased, h.State));
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
        cp.Clock.Advance(TimeSpan.FromDays(29));
        var purge = cp.App.Services.GetService(typeof(PurgeService)) as PurgeService;
        Assert.Equal(0, await purge!.PurgeOnceAsync(default));
        cp.Clock.Advance(TimeSpan.FromDays(1.1));
        Assert.Equal(1, await purge.PurgeOnceAsync(default));
        await Assert.ThrowsAsync<Domain.ArrException>(() => cp.Sessions.GetAsync(Dev, "old", default));
    }
}
