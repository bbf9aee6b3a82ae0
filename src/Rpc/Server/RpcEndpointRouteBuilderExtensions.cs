using ArrHost.Rpc.Internal.Server;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ArrHost.Rpc;

public static class RpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <paramref name="descriptor"/> to the same-named public method of <typeparamref name="TService"/>.
    /// A missing or mismatched method throws here, naming it. Unknown methods under any path answer UNIMPLEMENTED.
    /// </summary>
    public static IEndpointConventionBuilder MapRpcService<TService>(this IEndpointRouteBuilder endpoints, ServiceDescriptor descriptor)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(descriptor);
        return ServiceRouteMapper.Map<TService>(endpoints, descriptor);
    }
}
