using System.Reflection;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>The DispatchProxy behind every typed client (DispatchProxy needs a non-sealed base).</summary>
internal class RpcClientProxy : DispatchProxy
{
    private GrpcChannel _channel = null!;
    private ClientBinding _binding = null!;

    internal void Initialize(GrpcChannel channel, ClientBinding binding)
    {
        _channel = channel;
        _binding = binding;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null || !_binding.Invokers.TryGetValue(targetMethod, out var invoker))
        {
            throw new NotSupportedException($"{targetMethod?.Name} is not a gRPC method of this client.");
        }
        return invoker.Invoke(_channel, args);
    }
}
