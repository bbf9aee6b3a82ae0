using ArrHost.Client.Internal.Auth;
using ArrHost.Client.Tests.Sdk.Fakes;

namespace ArrHost.Client.Tests.Sdk;

public sealed class TokenCacheTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetTokenAsync_BeforeRefreshMargin_ReturnsCachedToken()
    {
        var time = new ManualTimeProvider(s_start);
        var fetches = 0;
        using var cache = new TokenCache(_ => Task.FromResult(("t" + ++fetches, s_start.AddHours(24))), time, TimeSpan.FromMinutes(5));

        var first = await cache.GetTokenAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(23));
        var second = await cache.GetTokenAsync(CancellationToken.None);

        Assert.Equal("t1", first);
        Assert.Equal("t1", second);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task GetTokenAsync_WithinRefreshMargin_FetchesNewToken()
    {
        var time = new ManualTimeProvider(s_start);
        var fetches = 0;
        using var cache = new TokenCache(_ => Task.FromResult(("t" + ++fetches, time.GetUtcNow().AddHours(24))), time, TimeSpan.FromMinutes(5));

        await cache.GetTokenAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(4));
        var refreshed = await cache.GetTokenAsync(CancellationToken.None);

        Assert.Equal("t2", refreshed);
    }

    [Fact]
    public async Task Invalidate_CurrentToken_NextCallFetches()
    {
        var fetches = 0;
        using var cache = new TokenCache(_ => Task.FromResult(("t" + ++fetches, s_start.AddHours(24))), new ManualTimeProvider(s_start), TimeSpan.Zero);

        var first = await cache.GetTokenAsync(CancellationToken.None);
        cache.Invalidate("other");
        Assert.Equal(first, await cache.GetTokenAsync(CancellationToken.None));
        cache.Invalidate(first);

        Assert.Equal("t2", await cache.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetTokenAsync_ConcurrentCallers_ShareOneFetch()
    {
        var fetches = 0;
        var gate = new TaskCompletionSource();
        using var cache = new TokenCache(
            async _ => { Interlocked.Increment(ref fetches); await gate.Task; return ("t", s_start.AddHours(24)); },
            new ManualTimeProvider(s_start),
            TimeSpan.Zero);

        var calls = Enumerable.Range(0, 8).Select(_ => cache.GetTokenAsync(CancellationToken.None)).ToArray();
        gate.SetResult();
        var tokens = await Task.WhenAll(calls);

        Assert.All(tokens, t => Assert.Equal("t", t));
        Assert.Equal(1, fetches);
    }
}
