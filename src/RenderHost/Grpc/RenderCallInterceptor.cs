using ArrHost.Rpc.Server;
using Google.Protobuf;
using Grpc.Core;

namespace ArrHost.RenderHost.Grpc;

/// <summary>
/// The render host's one place for statuses: a message the client framed or encoded wrongly ends the call with
/// INTERNAL naming what was wrong (the status gRPC's spec gives a request that does not parse or decompress), not
/// with grpc-dotnet's UNKNOWN "Exception was thrown by handler."
/// </summary>
internal sealed class RenderCallInterceptor(ILogger<RenderCallInterceptor> logger) : ServerCallInterceptor
{
    /// <summary>What was wrong with a client's message, when <paramref name="exception"/> says one was malformed; otherwise null.</summary>
    public static string? MalformedMessage(Exception exception) => exception switch
    {
        RpcException rpc when rpc.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.Unimplemented
            => rpc.Status.Detail,
        InvalidProtocolBufferException e => "not a valid protobuf message (arr.v1.ClientMessage): " + e.Message,
        InvalidDataException e => "a message's compressed flag or compressed data is invalid: " + e.Message,
        _ => null,
    };

    protected override RpcException? MapException(Exception exception, ServerCallContext context)
    {
        if (exception is InvalidProtocolBufferException or InvalidDataException)
        {
            return new RpcException(new Status(StatusCode.Internal, MalformedMessage(exception)!));
        }
        logger.LogError(exception, "Call {Method} failed", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The render host failed to handle the call: " + exception.Message));
    }
}
