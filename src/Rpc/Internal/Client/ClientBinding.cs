using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>A client interface matched by name to a service descriptor: one invoker per interface method.</summary>
internal sealed class ClientBinding
{
    private ClientBinding(FrozenDictionary<MethodInfo, ClientMethodInvoker> invokers)
    {
        Invokers = invokers;
    }

    public FrozenDictionary<MethodInfo, ClientMethodInvoker> Invokers { get; }

    public static ClientBinding Build(Type clientType, ServiceDescriptor service)
    {
        if (!clientType.IsInterface)
        {
            throw new InvalidOperationException($"{clientType.FullName} must be an interface to be a gRPC client.");
        }
        var invokers = new Dictionary<MethodInfo, ClientMethodInvoker>();
        var methods = clientType.GetMethods().Concat(clientType.GetInterfaces().SelectMany(i => i.GetMethods()));
        foreach (var method in methods)
        {
            if (method.IsStatic || !method.IsAbstract)
            {
                continue;
            }
            invokers[method] = CreateInvoker(clientType, method, service);
        }
        return new ClientBinding(invokers.ToFrozenDictionary());
    }

    private static ClientMethodInvoker CreateInvoker(Type clientType, MethodInfo method, ServiceDescriptor service)
    {
        var rpc = service.FindMethodByName(method.Name);
        if (rpc is null && method.Name.EndsWith("Async", StringComparison.Ordinal))
        {
            rpc = service.FindMethodByName(method.Name[..^"Async".Length]);
        }
        if (rpc is null)
        {
            throw new InvalidOperationException(
                $"{clientType.FullName}.{method.Name}: service {service.FullName} has no method with this name (optionally without 'Async').");
        }

        var requestType = RpcMethods.GetClrType(rpc.InputType, rpc);
        var responseType = RpcMethods.GetClrType(rpc.OutputType, rpc);
        var kind = RpcMethods.GetKind(rpc);
        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        var takesRequest = kind is RpcMethodKind.Unary or RpcMethodKind.ServerStreaming;
        var expectedBase = takesRequest ? new[] { requestType } : Type.EmptyTypes;
        bool hasOptions;
        if (parameters.SequenceEqual(expectedBase))
        {
            hasOptions = false;
        }
        else if (parameters.SequenceEqual(expectedBase.Append(typeof(CallOptions))))
        {
            hasOptions = true;
        }
        else
        {
            throw Mismatch(clientType, method, rpc, kind, requestType, responseType);
        }

        Type invokerType;
        var ret = method.ReturnType;
        switch (kind)
        {
            case RpcMethodKind.Unary when ret == typeof(Task<>).MakeGenericType(responseType):
                invokerType = typeof(UnaryTaskInvoker<,>);
                break;
            case RpcMethodKind.Unary when ret == typeof(AsyncUnaryCall<>).MakeGenericType(responseType):
                invokerType = typeof(UnaryCallInvoker<,>);
                break;
            case RpcMethodKind.ServerStreaming when ret == typeof(AsyncServerStreamingCall<>).MakeGenericType(responseType):
                invokerType = typeof(ServerStreamingInvoker<,>);
                break;
            case RpcMethodKind.ClientStreaming when ret == typeof(AsyncClientStreamingCall<,>).MakeGenericType(requestType, responseType):
                invokerType = typeof(ClientStreamingInvoker<,>);
                break;
            case RpcMethodKind.DuplexStreaming when ret == typeof(AsyncDuplexStreamingCall<,>).MakeGenericType(requestType, responseType):
                invokerType = typeof(DuplexStreamingInvoker<,>);
                break;
            default:
                throw Mismatch(clientType, method, rpc, kind, requestType, responseType);
        }

        var methodType = typeof(ClientMethod<,>).MakeGenericType(requestType, responseType);
        var clientMethod = Activator.CreateInstance(methodType, RpcMethods.GetPath(rpc), kind, rpc.OutputType.Parser)!;
        return (ClientMethodInvoker)Activator.CreateInstance(invokerType.MakeGenericType(requestType, responseType), clientMethod, hasOptions)!;
    }

    private static InvalidOperationException Mismatch(Type clientType, MethodInfo method, MethodDescriptor rpc, RpcMethodKind kind, Type req, Type res)
    {
        var expected = kind switch
        {
            RpcMethodKind.Unary => $"Task<{res.Name}> or AsyncUnaryCall<{res.Name}> {method.Name}({req.Name} request, CallOptions options = default)",
            RpcMethodKind.ServerStreaming => $"AsyncServerStreamingCall<{res.Name}> {method.Name}({req.Name} request, CallOptions options = default)",
            RpcMethodKind.ClientStreaming => $"AsyncClientStreamingCall<{req.Name}, {res.Name}> {method.Name}(CallOptions options = default)",
            _ => $"AsyncDuplexStreamingCall<{req.Name}, {res.Name}> {method.Name}(CallOptions options = default)",
        };
        return new InvalidOperationException(
            $"{clientType.FullName}.{method.Name} does not match {rpc.FullName} ({kind}); expected '{expected}'.");
    }
}
