using ArrHost.Rpc;
using Google.Protobuf;
using Grpc.Core;

namespace ArrHost.RenderHost.Service;

/// <summary>
/// The render host's one place for statuses: a message the client framed or encoded wrongly ends the call with
/// INVALID_ARGUMENT naming what was wrong, not with grpc-dotnet's UNKNOWN "Exception was thrown by handler."
/// </summary>
internal sealed class RenderCallInterceptor(ILogger<RenderCallInterceptor> logger) : ServerCallInterceptor
{
    /// <summary>What was wrong with a client's message, when <paramref name="exception"/> says one was malformed; otherwise null.</summary>
    public static string? MalformedMessage(Exception exception) => exception switch
    {
        RpcException rpc when rpc.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.Unimplemented
            => rpc.Status.Detail,
        InvalidProtocolBufferException e => "the message is not a valid arr.v1.ClientMessage: " + e.Message,
        InvalidDataException e => "the message's compression is invalid: " + e.Message,
        _ => null,
    };

    protected override RpcException? MapException(Exception exception, ServerCallContext context)
    {
        if (MalformedMessage(exception) is { } what)
        {
            return new RpcException(new Status(StatusCode.InvalidArgument, what));
        }
        logger.LogError(exception, "Call {Method} failed", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The render host failed to handle the call: " + exception.Message));
    }
}
