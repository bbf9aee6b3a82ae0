using System.Threading.RateLimiting;
using ArrHost.ControlPlane.Auth;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.Rpc.Server;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Grpc;

/// <summary>
/// Every gRPC call of the control plane passes here: it is authenticated (except grpc.health.v1 and grpc.reflection; access token for Sessions, account key
/// for GetAccessToken, agent key for HostAgent), rate-limited per account (RESOURCE_EXHAUSTED with a
/// retry-after-ms trailer), and whatever its handler throws becomes one status (codes from <see cref="ErrorMapping"/>).
/// </summary>
internal sealed class GrpcCallInterceptor : ServerCallInterceptor, IDisposable
{
    private const string AccountItem = "arr.grpc.account";
    private readonly TokenService _tokens;
    private readonly AgentKeyValidator _agents;
    private readonly ControlPlaneMetrics _metrics;
    private readonly ILogger<GrpcCallInterceptor> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;

    public GrpcCallInterceptor(TokenService tokens, AgentKeyValidator agents, ControlPlaneMetrics metrics, IOptions<ControlPlaneOptions> options,
        ILogger<GrpcCallInterceptor> logger)
    {
        _tokens = tokens;
        _agents = agents;
        _metrics = metrics;
        _logger = logger;
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

    protected override async ValueTask OnCallStartingAsync(ServerCallContext context)
    {
        // Probes and grpcurl need no account: health says only up or down, reflection only the public contracts.
        if (context.Method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal) || context.Method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return;
        }
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (context.Method.StartsWith("/arr.v1.HostAgent/", StringComparison.Ordinal))
        {
            _agents.Validate(authorization);
            return;
        }
        string account;
        if (context.Method == "/arr.v1.Sessions/GetAccessToken")
        {
            account = _tokens.ValidateAccountKey(authorization, null);
        }
        else
        {
            account = await _tokens.ValidateBearerAsync(authorization);
            context.UserState[AccountItem] = account;
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

    protected override RpcException MapException(Exception exception, ServerCallContext context)
    {
        if (exception is not ArrException && exception is not OperationCanceledException)
        {
            Log.RequestFailed(_logger, "gRPC", context.Method, exception);
        }
        return GrpcErrors.ToRpcException(exception);
    }

    /// <summary>The account the interceptor authenticated for this call.</summary>
    public static string Account(ServerCallContext context) =>
        context.UserState.TryGetValue(AccountItem, out var account) && account is string s
            ? s
            : throw ArrException.Unauthorized("A valid access token is required.");

    public void Dispose() => _limiter.Dispose();
}
