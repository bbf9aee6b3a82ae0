using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using ArrHost.Rpc.Server.Tests;
using Grpc.Core;
using Grpc.Health.V1;

namespace ArrHost.ControlPlane.Tests.Grpc;

public sealed class GrpcApiTests
{
    private static CallOptions Auth(string value, CancellationToken ct = default) =>
        new(new Metadata { { "authorization", "Bearer " + value } }, cancellationToken: ct);

    [Fact]
    public async Task CreateAndWatch_HostOverRealAgentStream_StreamsEveryChangeUntilStopped()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var client = new Protos.V1.Sessions.SessionsClient(channel);
        var agent = new HostAgent.HostAgentClient(channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The render host's side: Register, answer Registered, accept the lease, confirm the release.
        using var attach = agent.Attach(Auth(TestControlPlane.AgentKey, cts.Token));
        await attach.RequestStream.WriteAsync(new AgentMessage
        {
            Register = new RegisterHost { HostId = "gh1", Region = "local", Size = SessionSize.Standard, RenderEndpoint = "http://127.0.0.1:50061" },
        }, cts.Token);
        Assert.True(await attach.ResponseStream.MoveNext(cts.Token));
        Assert.Equal("gh1", attach.ResponseStream.Current.Registered.HostId);
        var hostOrders = new List<ControlMessage>();
        var hostLoop = Task.Run(async () =>
        {
            while (await attach.ResponseStream.MoveNext(cts.Token))
            {
                var m = attach.ResponseStream.Current;
                lock (hostOrders) hostOrders.Add(m);
                if (m.Lease is { } l) await attach.RequestStream.WriteAsync(new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = l.SessionId } }, cts.Token);
                if (m.Release is { } r)
                {
                    await attach.RequestStream.WriteAsync(new AgentMessage { ReleaseCompleted = new ReleaseCompleted { SessionId = r.SessionId, Clean = true } }, cts.Token);
                    return;
                }
            }
        });

        var token = (await client.GetAccessTokenAsync(new GetAccessTokenRequest { AccountId = DevDefaults.AccountId },
            Auth($"{DevDefaults.AccountId}:{DevDefaults.AccountKey}"))).Token;
        var created = await client.CreateSessionAsync(new CreateSessionRequest { SessionId = "g1", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 30 }, Auth(token));
        Assert.Equal(SessionStatus.Starting, created.Status);

        using var watch = client.WatchSession(new WatchSessionRequest { SessionId = "g1" }, Auth(token, cts.Token));
        var events = new List<SessionEvent>();
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(watch.ResponseStream.Current);
            if (watch.ResponseStream.Current.Session.Status == SessionStatus.Ready)
            {
                await client.StopSessionAsync(new StopSessionRequest { SessionId = "g1" }, Auth(token));
            }
        }

        var ready = events.Single(e => e.Session.Status == SessionStatus.Ready).Session;
        Assert.Equal("127.0.0.1", ready.Hostname);
        Assert.Equal(50061, ready.HandshakePort);
        Assert.Equal("http://127.0.0.1:50061", ready.RenderEndpoint);
        Assert.StartsWith("arrc1.", ready.ConnectionToken);
        Assert.Equal(10.6, ready.Teraflops);
        Assert.Equal(SessionStatus.Stopped, events[^1].Session.Status);
        Assert.Equal(events.Select(e => e.Sequence).OrderBy(s => s), events.Select(e => e.Sequence));
        await hostLoop;
        Assert.Contains(hostOrders, m => m.Lease?.ConnectionToken == ready.ConnectionToken);
        Assert.Contains(hostOrders, m => m.Release?.Reason == SessionEndReason.Stopped);
        await TestControlPlane.WaitUntilAsync(() => cp.StoreImpl.GetHostAsync("gh1", default).Result!.State == HostState.Idle, "host idle");
        var hosts = await client.ListHostsAsync(new ListHostsRequest(), Auth(token));
        Assert.Equal(HostState.Idle, Assert.Single(hosts.Hosts).State);
    }

    [Fact]
    public async Task Calls_BadTokenOtherAccountOrBadInput_MapToGrpcStatuses()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var client = new Protos.V1.Sessions.SessionsClient(channel);
        await client.CreateSessionAsync(new CreateSessionRequest { SessionId = "mine", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 30 }, Auth(cp.Token()));

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => client.GetSessionAsync(new GetSessionRequest { SessionId = "mine" }, Auth("arr1.forged.sig")).ResponseAsync);
        var notFound = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetSessionAsync(new GetSessionRequest { SessionId = "mine" }, Auth(cp.Token(TestControlPlane.OtherAccountId))).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            client.CreateSessionAsync(new CreateSessionRequest { SessionId = "x", Size = SessionSize.Unspecified, MaxLeaseTimeMinutes = 30 }, Auth(cp.Token())).ResponseAsync);
        var lease = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpdateSessionAsync(new UpdateSessionRequest { SessionId = "mine", MaxLeaseTimeMinutes = 10 }, Auth(cp.Token())).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("size", invalid.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, lease.StatusCode);
    }

    [Fact]
    public async Task ListAndUsage_PagedAndBilled_MatchTheStore()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--session-quota", "100"]);
        await cp.AddHostAsync("h1");
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var client = new Protos.V1.Sessions.SessionsClient(channel);
        var token = cp.Token();
        await client.CreateSessionAsync(new CreateSessionRequest { SessionId = "billed", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 2 }, Auth(token));
        await cp.WaitForStatusAsync("billed", s => s == SessionStatus.Ready);
        for (var i = 0; i < 5; i++)
        {
            await client.CreateSessionAsync(new CreateSessionRequest { SessionId = $"cap{i}", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 2 }, Auth(token));
        }
        cp.Clock.Advance(TimeSpan.FromMinutes(2));
        await cp.WaitForStatusAsync("billed", s => s == SessionStatus.Expired);

        var ids = new List<string>();
        var pageToken = "";
        do
        {
            var page = await client.ListSessionsAsync(new ListSessionsRequest { PageSize = 2, PageToken = pageToken, IncludeEnded = true }, Auth(token));
            ids.AddRange(page.Sessions.Select(s => s.Id));
            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);
        var active = await client.ListSessionsAsync(new ListSessionsRequest(), Auth(token));
        var usage = await client.GetUsageAsync(new GetUsageRequest(), Auth(token));

        Assert.Equal(6, ids.Distinct().Count());
        Assert.Empty(active.Sessions);
        var record = Assert.Single(usage.Records);
        Assert.Equal("billed", record.SessionId);
        Assert.Equal(120, record.BilledSeconds, 3);
        Assert.Equal(2, usage.StandardMinutes, 3);
    }

    [Fact]
    public async Task Calls_OverRateLimit_ResourceExhaustedWithRetryAfterTrailer()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--rate-limit-burst", "2", "--rate-limit-per-second", "1"]);
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var client = new Protos.V1.Sessions.SessionsClient(channel);
        var token = cp.Token();
        RpcException? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            try
            {
                await client.ListSessionsAsync(new ListSessionsRequest(), Auth(token));
            }
            catch (RpcException e)
            {
                limited = e;
            }
        }
        Assert.NotNull(limited);
        Assert.Equal(StatusCode.ResourceExhausted, limited!.StatusCode);
        Assert.True(long.TryParse(limited.Trailers.GetValue("retry-after-ms"), out var ms) && ms > 0);
    }

    [Fact]
    public async Task Attach_WrongAgentKey_Unauthenticated()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);
        var agent = new HostAgent.HostAgentClient(channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var attach = agent.Attach(Auth("not-the-agent-key", cts.Token));
        await attach.RequestStream.WriteAsync(new AgentMessage
        {
            Register = new RegisterHost { HostId = "x", Region = "local", Size = SessionSize.Standard, RenderEndpoint = "http://127.0.0.1:1" },
        }, cts.Token);
        var e = await Assert.ThrowsAsync<RpcException>(() => attach.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Empty(await cp.StoreImpl.ListHostsAsync(default));
    }

    [Fact]
    public async Task HealthAndReflection_WithoutAccount_ServingAndListsTheContracts()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var names = await ReflectionProbe.ListServicesAsync(channel);
        Assert.Contains("arr.v1.Sessions", names);
        Assert.Contains("arr.v1.HostAgent", names);

        // The contracts themselves still need an account.
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new Protos.V1.Sessions.SessionsClient(channel).ListSessionsAsync(new ListSessionsRequest(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }
}
