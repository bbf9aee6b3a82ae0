using ArrHost.Client.Tests.Sdk.Fakes;
using ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk;

public sealed class RemoteRenderingClientTests
{
    [Fact]
    public async Task CreateNewRenderingSessionAsync_NoId_GeneratesIdAndAuthenticatesWithToken()
    {
        var fake = new FakeSessionsTransport();
        using var client = TestClient.Create(fake);

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { MaxLeaseInMinutes = 30, Size = RenderingSessionSize.Premium });

        Assert.True(Guid.TryParse(session.SessionUuid, out _));
        Assert.Equal(RenderingSessionStatus.Starting, session.LastProperties.Status);
        Assert.Equal(30, fake.Sessions[session.SessionUuid].MaxLeaseTimeMinutes);
        Assert.Equal(SessionSize.Premium, fake.Sessions[session.SessionUuid].Size);
        var calls = fake.Calls.ToArray();
        Assert.Equal(("GetAccessToken", "Bearer acct:key"), calls[0]);
        Assert.Equal(("CreateSession", "Bearer token-1"), calls[1]);
    }

    [Fact]
    public async Task CreateNewRenderingSessionAsync_RateLimitedWithRetryAfter_RetriesSameIdAfterServerDelay()
    {
        var fake = new FakeSessionsTransport();
        var waits = new List<TimeSpan>();
        using var client = TestClient.Create(fake, waits: waits);
        fake.FailNext("CreateSession", new RemoteRenderingException(RemoteRenderingErrorCodes.RateLimited, "429") { RetryAfter = TimeSpan.FromMilliseconds(30) });

        var session = await client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = "s-1" });

        Assert.Equal("s-1", session.SessionUuid);
        Assert.Single(waits);
        Assert.True(waits[0] >= TimeSpan.FromMilliseconds(30));
        Assert.Equal(2, fake.Calls.Count(c => c.Method == "CreateSession"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    public async Task CreateNewRenderingSessionAsync_BadId_ThrowsArgumentException(string id)
    {
        using var client = TestClient.Create(new FakeSessionsTransport());

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateNewRenderingSessionAsync(new RenderingSessionCreationOptions { SessionId = id }));
    }

    [Fact]
    public async Task OpenRenderingSessionAsync_UnknownId_ThrowsNotFound()
    {
        using var client = TestClient.Create(new FakeSessionsTransport());

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => client.OpenRenderingSessionAsync("nope"));

        Assert.Equal(RemoteRenderingErrorCodes.NotFound, ex.ErrorCode);
    }

    [Fact]
    public async Task OpenRenderingSessionAsync_TokenRefused_FetchesNewTokenAndRetriesOnce()
    {
        var fake = new FakeSessionsTransport();
        fake.AddSession("s1");
        using var client = TestClient.Create(fake);
        fake.FailNext("GetSession", new RemoteRenderingException(RemoteRenderingErrorCodes.Unauthenticated, "expired"));

        var session = await client.OpenRenderingSessionAsync("s1");

        Assert.Equal("s1", session.SessionUuid);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal("Bearer token-2", fake.Calls.Last().Authorization);
    }

    [Fact]
    public async Task GetCurrentRenderingSessionsAsync_SeveralPages_ReturnsAll()
    {
        var fake = new FakeSessionsTransport();
        for (var i = 0; i < 250; i++) fake.AddSession($"s{i:000}");
        using var client = TestClient.Create(fake);

        var all = await client.GetCurrentRenderingSessionsAsync();

        Assert.Equal(250, all.Count);
        Assert.Equal(3, fake.Calls.Count(c => c.Method == "ListSessions"));
    }

    [Fact]
    public void Constructor_MissingEndpoint_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new RemoteRenderingClient(new RemoteRenderingClientOptions { AccountId = "a", AccountKey = "k" }));
    }
}
