using Google.Protobuf.Reflection;

namespace ArrHost.Rpc.Internal;

/// <summary>What both sides read from a protobuf method descriptor.</summary>
internal static class RpcMethods
{
    public static RpcMethodKind GetKind(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => RpcMethodKind.Unary,
        (false, true) => RpcMethodKind.ServerStreaming,
        (true, false) => RpcMethodKind.ClientStreaming,
        _ => RpcMethodKind.DuplexStreaming,
    };

    /// <summary>"/package.Service/Method".</summary>
    public static string GetPath(MethodDescriptor method) => "/" + method.Service.FullName + "/" + method.Name;

    public static Type GetClrType(MessageDescriptor message, MethodDescriptor method) =>
        message.ClrType ?? throw new InvalidOperationException(
            $"Method {method.FullName}: message {message.FullName} has no generated C# type (build the descriptor from protoc-generated code).");
}
