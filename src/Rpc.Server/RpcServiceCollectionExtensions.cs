using ArrHost.Rpc.Server.Internal;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArrHost.Rpc.Server;

public static class RpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds grpc-dotnet with the project's defaults, server reflection (grpcurl, Postman), the standard
    /// grpc.health.v1 service fed by ASP.NET Core's health checks, and Kestrel memory blocks sized for large messages.
    /// </summary>
    public static IGrpcServerBuilder AddRpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddGrpc(o =>
        {
            // Handlers' own messages stay in the logs; clients get the statuses the interceptors chose.
            o.EnableDetailedErrors = false;
            configure?.Invoke(o);
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();
        // Kestrel's 4 KiB blocks make the socket transport read 4 KiB per recv call; large messages want bigger reads.
        services.Replace(ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>());
        return builder;
    }
}
