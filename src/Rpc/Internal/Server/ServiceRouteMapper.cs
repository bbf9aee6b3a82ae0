using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Binds a service's methods from its descriptor to compiled delegates and maps one endpoint per method.</summary>
internal static class ServiceRouteMapper
{
    /// <summary>Route order of the catch-all UNIMPLEMENTED endpoint: after every ordinary route.</summary>
    private const int UnimplementedRouteOrder = 1000;

    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> UnimplementedMapped = new();

    public static IEndpointConventionBuilder Map<TService>(IEndpointRouteBuilder endpoints, Google.Protobuf.Reflection.ServiceDescriptor descriptor)
        where TService : class
    {
        var services = endpoints.ServiceProvider;
        if (services.GetService<RpcMarkerService>() is null)
        {
            throw new InvalidOperationException("MapRpcService needs the gRPC services: call services.AddRpc() first.");
        }
        var options = services.GetRequiredService<IOptions<RpcServerOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("ArrHost.Rpc.Server");
        var activator = new ServiceActivator<TService>(services);

        var handlers = new List<(string Path, RequestDelegate Handler)>();
        foreach (var method in descriptor.Methods)
        {
            handlers.Add(CreateHandler(method, activator, options, logger));
        }

        var builders = new List<IEndpointConventionBuilder>(handlers.Count);
        foreach (var (path, handler) in handlers)
        {
            builders.Add(endpoints.MapPost(path, handler).WithDisplayName("gRPC - " + path));
        }

        if (!UnimplementedMapped.TryGetValue(endpoints, out _))
        {
            UnimplementedMapped.AddOrUpdate(endpoints, new object());
            endpoints.MapPost("{**unimplementedPath}", context =>
                {
                    if (!GrpcServerResponses.IsGrpcContentType(context.Request.ContentType))
                    {
                        context.Response.StatusCode = StatusCodes.Status404NotFound;
                        return Task.CompletedTask;
                    }
                    RpcLog.UnimplementedMethod(logger, context.Request.Path);
                    return GrpcServerResponses.WriteUnimplementedAsync(context);
                })
                .WithDisplayName("gRPC - unimplemented")
                .Add(b => ((RouteEndpointBuilder)b).Order = UnimplementedRouteOrder);
        }

        return new CompositeEndpointConventionBuilder(builders);
    }

    private static (string, RequestDelegate) CreateHandler<TService>(
        MethodDescriptor method, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger)
        where TService : class
    {
        var requestType = RpcMethods.GetClrType(method.InputType, method);
        var responseType = RpcMethods.GetClrType(method.OutputType, method);
        var kind = RpcMethods.GetKind(method);
        var serverCallContext = typeof(ServerCallContext);
        var readerType = typeof(IAsyncStreamReader<>).MakeGenericType(requestType);
        var writerType = typeof(IServerStreamWriter<>).MakeGenericType(responseType);
        var taskOfResponse = typeof(Task<>).MakeGenericType(responseType);

        var (parameters, returnType, handlerType) = kind switch
        {
            RpcMethodKind.Unary => (new[] { requestType, serverCallContext }, taskOfResponse, typeof(UnaryServerCallHandler<,,>)),
            RpcMethodKind.ServerStreaming => (new[] { requestType, writerType, serverCallContext }, typeof(Task), typeof(ServerStreamingServerCallHandler<,,>)),
            RpcMethodKind.ClientStreaming => (new[] { readerType, serverCallContext }, taskOfResponse, typeof(ClientStreamingServerCallHandler<,,>)),
            _ => (new[] { readerType, writerType, serverCallContext }, typeof(Task), typeof(DuplexStreamingServerCallHandler<,,>)),
        };

        var methodInfo = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
        if (methodInfo is null || methodInfo.ReturnType != returnType)
        {
            var expected = $"{TypeName(returnType)} {method.Name}({string.Join(", ", parameters.Select(TypeName))})";
            throw new InvalidOperationException(
                $"{typeof(TService).FullName} cannot serve {method.FullName} ({kind}): it needs a public method '{expected}'.");
        }

        var delegateType = Expression_GetFuncType(typeof(TService), parameters, returnType);
        var invoker = methodInfo.CreateDelegate(delegateType);
        var parser = method.InputType.Parser;
        var path = RpcMethods.GetPath(method);
        var closedHandler = handlerType.MakeGenericType(typeof(TService), requestType, responseType);
        var handler = Activator.CreateInstance(closedHandler, path, parser, activator, options, logger, invoker)!;
        var handle = (RequestDelegate)Delegate.CreateDelegate(typeof(RequestDelegate), handler, closedHandler.GetMethod("HandleCallAsync")!);
        return (path, handle);
    }

    private static Type Expression_GetFuncType(Type service, Type[] parameters, Type returnType)
    {
        var all = new Type[parameters.Length + 2];
        all[0] = service;
        parameters.CopyTo(all, 1);
        all[^1] = returnType;
        return System.Linq.Expressions.Expression.GetFuncType(all);
    }

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">"
            : type.Name;
}
