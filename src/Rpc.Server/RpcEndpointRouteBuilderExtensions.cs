using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ArrHost.Rpc.Server;

public static class RpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps grpc.reflection (v1 and v1alpha) and grpc.health.v1 (Check and Watch) beside the host's own services.</summary>
    public static IEndpointRouteBuilder MapRpcInfrastructure(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
