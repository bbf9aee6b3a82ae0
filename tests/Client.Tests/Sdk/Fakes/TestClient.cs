using ArrHost.Client.Internal.Retry;

namespace ArrHost.Client.Tests.Sdk.Fakes;

/// <summary>A <see cref="RemoteRenderingClient"/> over the in-memory fakes, with instant retries.</summary>
internal static class TestClient
{
    public static RemoteRenderingClient Create(FakeSessionsTransport sessions, FakeRenderTransport? render = null, List<TimeSpan>? waits = null)
    {
        var options = new RemoteRenderingClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1"),
            AccountId = "acct",
            AccountKey = "key",
            Retry = new RetryOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
        };
        var retry = new RetryPolicy(options.Retry, () => 0.5, (d, ct) => { waits?.Add(d); return Task.Delay(1, ct); });
        return new RemoteRenderingClient(options, sessions, render ?? new FakeRenderTransport(), TimeProvider.System, retry);
    }
}
