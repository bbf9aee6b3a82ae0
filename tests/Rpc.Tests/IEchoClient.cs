using ArrHost.Rpc.Tests.Echo;

namespace ArrHost.Rpc.Tests;

public interface IEchoClient
{
    Task<EchoReply> UnaryAsync(EchoRequest request, CallOptions options = default);

    AsyncUnaryCall<EchoReply> Unary(EchoRequest request, CallOptions options = default);

    AsyncServerStreamingCall<EchoReply> ServerStream(EchoRequest request, CallOptions options = default);

    AsyncClientStreamingCall<EchoRequest, EchoReply> ClientStream(CallOptions options = default);

    AsyncDuplexStreamingCall<EchoRequest, EchoReply> Duplex(CallOptions options = default);
}
