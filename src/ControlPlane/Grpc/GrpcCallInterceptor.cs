using System.Threading.RateLimiting;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.Rpc;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>
/// Authenticates every gRPC call (access token for Sessions, account key for GetAccessToken, agent key
/// for HostAgent) and applies the per-account rate limit (RESOURCE_EXHAUSTED with a retry-after-ms trailer).
/// </summary>
internal sealed class GrpcCallInterceptor : IServerCallInterceptor, IDisposable
{
    public const string AccountItem = "arr.grpc.account";
    private readonly TokenService _tokens;
    private readonly AgentKeyValidator _agents;
    private readonly ControlPlaneMetrics _metrics;
    private readonly PartitionedRateLimiter<string> _limiter;

    public GrpcCallInterceptor(TokenService tokens, AgentKeyValidator agents, ControlPlaneMetrics metrics, IOptions<ControlPlaneOptions> options)
    {
        _tokens = tokens;
        _agents = agents;
        _metrics = metrics;
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetTokenBucketLimiter(account, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.RateLimitBurst,
            TokensPerPeriod = o.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public ValueTask OnCallStartingAsync(ServerCallContext context)
    {
        try
        {
            var authorization = context.RequestHeaders.GetValue("authorization");
            if (context.Method.StartsWith("/arr.v1.HostAgent/", StringComparison.Ordinal))
            {
                _agents.Validate(authorization);
                return ValueTask.CompletedTask;
            }
            string account;
            if (context.Method == "/arr.v1.Sessions/GetAccessToken")
            {
                account = _tokens.ValidateAccountKey(authorization, null);
            }
            else
            {
                account = _tokens.ValidateBearer(authorization);
                context.GetHttpContext().Items[AccountItem] = account;
            }
            using var lease = _limiter.AttemptAcquire(account);
            if (!lease.IsAcquired)
            {
                _metrics.RateLimited.Add(1);
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
                throw new ArrException(ErrorKind.TooManyRequests, "TooManyRequests",
                    $"Too many requests for this account; retry after {Math.Ceiling(retry.TotalMilliseconds)} ms.", retry);
            }
        }
        catch (ArrException e)
        {
            throw GrpcErrors.ToRpcException(e);
        }
        return ValueTask.CompletedTask;
    }

    public static string Account(ServerCallContext context) =>
        context.GetHttpContext().Items[AccountItem] as string ?? throw ArrException.Unauthorized("A valid access token is required.");

    public void Dispose() => _limiter.Dispose();
}
