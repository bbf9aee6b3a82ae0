using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using Google.Protobuf.Reflection;

namespace ArrHost.ControlPlane.Tests.Grpc;

public sealed class GrpcApiTests
{
    private static readonly ServiceDescriptor SessionsDescriptor = SessionsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Sessions");
    private static readonly ServiceDescriptor AgentDescriptor = HostAgentReflection.Descriptor.FindTypeByName<ServiceDescriptor>("HostAgent");

    private static CallOptions Auth(string value, CancellationToken ct = default) =>
        new(new Metadata { { "authorization", "Bearer " + value } }, null, ct);

    [Fact]
    public async Task CreateAndWatch_HostOverRealAgentStream_StreamsEveryChangeUntilStopped()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = GrpcChannel.ForAddress(cp.GrpcAddress);
        var client = RpcClient.Create<ISessionsClient>(channel, SessionsDescriptor);
        var agent = RpcClient.Create<IHostAgentClient>(channel, AgentDescriptor);
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

        var token = (await client.GetAccessToken(new GetAccessTokenRequest { AccountId = DevDefaults.AccountId },
            Auth($"{DevDefaults.AccountId}:{DevDefaults.AccountKey}"))).Token;
        var created = await client.CreateSession(new CreateSessionRequest { SessionId = "g1", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 30 }, Auth(token));
        Assert.Equal(SessionStatus.Starting, created.Status);

        using var watch = client.WatchSession(new WatchSessionRequest { SessionId = "g1" }, Auth(token, cts.Token));
        var events = new List<SessionEvent>();
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(watch.ResponseStream.Current);
            if (watch.ResponseStream.Current.Session.Status == SessionStatus.Ready)
            {
                await client.StopSession(new StopSessionRequest { SessionId = "g1" }, Auth(token));
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
        var hosts = await client.ListHosts(new ListHostsRequest(), Auth(token));
        Assert.Equal(HostState.Idle, Assert.Single(hosts.Hosts).State);
    }

    [Fact]
    public async Task Calls_BadTokenOtherAccountOrBadInput_MapToGrpcStatuses()
    {
        await using var cp = await TestControlPlane.StartAsync();
        using var channel = GrpcChannel.ForAddress(cp.GrpcAddress);
        var client = RpcClient.Create<ISessionsClient>(channel, SessionsDescriptor);
        await client.CreateSession(new CreateSessionRequest { SessionId = "mine", Size = SessionSize.Standard, MaxLeaseTimeMinutes = 30 }, Auth(cp.Token()));

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => client.GetSession(new GetSessionRequest { SessionId = "mine" }, Auth("arr1.forged.sig")));
        var notFound = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetSession(new GetSessionRequest { SessionId = "mine" }, Auth(cp.Token(TestControlPlane.OtherAccountId))));
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            client.CreateSession(new CreateSessionRequest { SessionId = "x", Size = SessionSize.Unspecified, MaxLeaseTimeMinutes = 30 }, Auth(cp.Token())));
        var lease = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpdateSession(new UpdateSessionRequest { SessionId = "mine", MaxLeaseTimeMinutes = 10 }, Auth(cp.Token())));

        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("size", invalid.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, lease.StatusCode);
    }

    [Fact]
    public async Task Calls_OverRateLimit_ResourceExhaustedWithRetryAfterTrailer()
    {
        await using var cp = await TestControlPlane.StartAsync(args: ["--rate-limit-burst", "2", "--rate-limit-per-second", "1"]);
        using var channel = GrpcChannel.ForAddress(cp.GrpcAddress);
        var client = RpcClient.Create<ISessionsClient>(channel, SessionsDescriptor);
        var token = cp.Token();
        RpcException? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            try
            {
                await client.ListSessions(new ListSessionsRequest(), Auth(token));
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
        using var channel = GrpcChannel.ForAddress(cp.GrpcAddress);
        var agent = RpcClient.Create<IHostAgentClient>(channel, AgentDescriptor);
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
}
