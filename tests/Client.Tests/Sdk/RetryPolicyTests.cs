using ArrHost.Client.Internal.Retry;

namespace ArrHost.Client.Tests.Sdk;

public sealed class RetryPolicyTests
{
    private static RemoteRenderingException RateLimited(TimeSpan? after) =>
        new(RemoteRenderingErrorCodes.RateLimited, "slow down") { RetryAfter = after };

    [Fact]
    public void GetDelay_ServerAsksLongerThanBackoff_WaitsAtLeastServerDelay()
    {
        var policy = new RetryPolicy(new RetryOptions { InitialDelay = TimeSpan.FromMilliseconds(100) }, random: () => 0.0);

        var delay = policy.GetDelay(0, RateLimited(TimeSpan.FromSeconds(15)));

        Assert.Equal(TimeSpan.FromSeconds(15), delay);
    }

    [Fact]
    public void GetDelay_ServerDelayWithJitter_NeverShorterAndAtMostTenPercentLonger()
    {
        var policy = new RetryPolicy(new RetryOptions(), random: () => 1.0);

        var delay = policy.GetDelay(0, RateLimited(TimeSpan.FromSeconds(2)));

        Assert.Equal(TimeSpan.FromSeconds(2.2), delay);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(10, 1000)]
    public void GetDelay_NoServerDelay_ExponentialCappedWithJitterBetweenHalfAndFull(int attempt, int fullMs)
    {
        var options = new RetryOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), MaxRetries = 20 };
        var low = new RetryPolicy(options, random: () => 0.0).GetDelay(attempt, new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "x"));
        var high = new RetryPolicy(options, random: () => 1.0).GetDelay(attempt, new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "x"));

        Assert.Equal(TimeSpan.FromMilliseconds(fullMs / 2.0), low);
        Assert.Equal(TimeSpan.FromMilliseconds(fullMs), high);
    }

    [Fact]
    public void GetDelay_NotTransient_ReturnsNull()
    {
        var policy = new RetryPolicy(new RetryOptions());

        Assert.Null(policy.GetDelay(0, new RemoteRenderingException(RemoteRenderingErrorCodes.NotFound, "x")));
    }

    [Fact]
    public void GetDelay_ServerDelayAboveMaxServerDelay_ReturnsNull()
    {
        var policy = new RetryPolicy(new RetryOptions { MaxServerDelay = TimeSpan.FromSeconds(5) });

        Assert.Null(policy.GetDelay(0, RateLimited(TimeSpan.FromSeconds(30))));
    }

    [Fact]
    public void GetDelay_RetriesExhausted_ReturnsNull()
    {
        var policy = new RetryPolicy(new RetryOptions { MaxRetries = 2 });

        Assert.NotNull(policy.GetDelay(1, RateLimited(null)));
        Assert.Null(policy.GetDelay(2, RateLimited(null)));
    }

    [Fact]
    public async Task ExecuteAsync_RateLimitedTwiceThenOk_WaitsServerDelaysAndReturnsResult()
    {
        var waits = new List<TimeSpan>();
        var policy = new RetryPolicy(new RetryOptions(), random: () => 0.0, delay: (d, _) => { waits.Add(d); return Task.CompletedTask; });
        var attempts = 0;

        var result = await policy.ExecuteAsync(
            _ => ++attempts < 3 ? throw RateLimited(TimeSpan.FromSeconds(3)) : Task.FromResult(42),
            CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], waits);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.RecentServerDelay(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task ExecuteAsync_NotFound_ThrowsWithoutRetrying()
    {
        var policy = new RetryPolicy(new RetryOptions(), delay: (_, _) => throw new InvalidOperationException("must not wait"));
        var attempts = 0;

        var ex = await Assert.ThrowsAsync<RemoteRenderingException>(() => policy.ExecuteAsync<int>(
            _ => { attempts++; throw new RemoteRenderingException(RemoteRenderingErrorCodes.NotFound, "gone"); },
            CancellationToken.None));

        Assert.Equal(RemoteRenderingErrorCodes.NotFound, ex.ErrorCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysUnavailable_ThrowsAfterMaxRetries()
    {
        var policy = new RetryPolicy(new RetryOptions { MaxRetries = 3 }, delay: (_, _) => Task.CompletedTask);
        var attempts = 0;

        await Assert.ThrowsAsync<RemoteRenderingException>(() => policy.ExecuteAsync<int>(
            _ => { attempts++; throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "down"); },
            CancellationToken.None));

        Assert.Equal(4, attempts);
    }
}
