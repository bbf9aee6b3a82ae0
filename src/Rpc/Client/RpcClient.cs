using System.Collections.Concurrent;
using System.Reflection;
using ArrHost.Rpc.Internal.Client;
using Google.Protobuf.Reflection;

namespace ArrHost.Rpc;

/// <summary>Creates typed clients: an interface whose methods are matched by name to a protoc-generated service descriptor.</summary>
public static class RpcClient
{
    private static readonly ConcurrentDictionary<(Type, ServiceDescriptor), ClientBinding> Bindings = new();

    /// <summary>
    /// Creates a client for <paramref name="service"/> over <paramref name="channel"/>. Every method of
    /// <typeparamref name="TClient"/> must match a method of the service (name, optional "Async" suffix, kind and
    /// message types), or this throws <see cref="InvalidOperationException"/> naming it.
    /// </summary>
    public static TClient Create<TClient>(GrpcChannel channel, ServiceDescriptor service)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(service);
        var binding = Bindings.GetOrAdd((typeof(TClient), service), static key => ClientBinding.Build(key.Item1, key.Item2));
        var proxy = DispatchProxy.Create(typeof(TClient), typeof(RpcClientProxy));
        ((RpcClientProxy)proxy).Initialize(channel, binding);
        return (TClient)proxy;
    }
}
