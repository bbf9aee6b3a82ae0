using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ArrHost.ControlPlane.Tests;

/// <summary>Two control-plane replicas sharing one PostgreSQL region.</summary>
public sealed class ReplicaTests
{
    private const string Dev = DevDefaults.AccountId;

    [Fact]
    public async Task TwoReplicasOnPostgres_100ConcurrentCreatesAgainst10Hosts_Exactly10ReadyNoHostTwice()
    {
        var store = "postgres:" + TestPostgres.NewSchemaConnectionString();
        var clock = new ManualTimeProvider();
        await using var a = await TestControlPlane.StartAsync(store, clock, "--session-quota", "1000");
        await using var b = await TestControlPlane.StartAsync(store, clock, "--session-quota", "1000");
        await Listening(a);
        await Listening(b);
        // Hosts attach to either replica; sessions are created on both.
        for (var i = 0; i < 10; i++) await (i % 2 == 0 ? a : b).AddHostAsync($"h{i}");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Sessions.CreateAsync(Dev, $"r{i}", SessionSize.Standard, 60, default))));

        var started = results.Select(r => r.Session).Where(s => s.Status != SessionStatus.Error).ToList();
        Assert.Equal(10, started.Count);
        Assert.Equal(90, results.Count(r => r.Session.ErrorCode == "Capacity"));
        Assert.Equal(10, started.Select(s => s.HostId).Distinct().Count());
        // Lease orders reach hosts attached to the other replica (NOTIFY), and every session becomes Ready.
        foreach (var s in started) await a.WaitForStatusAsync(s.Id, x => x == SessionStatus.Ready);
        Assert.Contains(started, s => int.Parse(s.Id[1..]) % 2 != int.Parse(s.HostId![1..]) % 2);

        // A token issued by one replica is accepted by the other (the signing key is shared through the store).
        var (response, _) = await b.SendAsync(HttpMethod.Get, $"/accounts/{Dev}/sessions/r0?api-version=2021-01-01", token: a.Token());
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_OnPostgres_ReadyThenExpiresAtDeadline()
    {
        await using var cp = await TestControlPlane.StartAsync("postgres:" + TestPostgres.NewSchemaConnectionString());
        await Listening(cp);
        await cp.AddHostAsync("h1");
        await cp.Sessions.CreateAsync(Dev, "s1", SessionSize.Standard, 3, default);
        var ready = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Ready);
        cp.Clock.Advance(TimeSpan.FromMinutes(3));
        var expired = await cp.WaitForAsync("s1", s => s.Status == SessionStatus.Expired);
        Assert.Equal(ready.ReadyTime!.Value.AddMinutes(3), expired.EndTime);
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("h1", default).Result!.State == HostState.Idle, "host idle");
    }

    private static Task Listening(TestControlPlane cp) =>
        cp.App.Services.GetServices<IHostedService>().OfType<PostgresChangeListener>().Single().Listening.WaitAsync(TimeSpan.FromSeconds(10));
}
