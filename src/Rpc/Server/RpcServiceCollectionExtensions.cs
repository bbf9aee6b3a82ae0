using ArrHost.Rpc.Internal.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArrHost.Rpc;

public static class RpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server: routing, options, and what MapRpcService needs.</summary>
    public static IServiceCollection AddRpc(this IServiceCollection services, Action<RpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<RpcServerOptions>().Validate(
            o => o.MaxReceiveMessageSize > 0 && (o.MaxSendMessageSize is null || o.MaxSendMessageSize > 0),
            "RpcServerOptions: message size limits must be positive.");
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<RpcMarkerService>();
        // Kestrel's 4 KiB blocks make the socket transport read 4 KiB per recv call; large messages want bigger reads.
        services.Replace(ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>());
        return services;
    }
}
