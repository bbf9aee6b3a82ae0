using System.Net;
using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>What a raw Render/Connect call got back: HTTP status, gRPC status and message, and the messages in the body.</summary>
internal sealed record RawRenderResponse(HttpStatusCode HttpStatus, int GrpcStatus, string GrpcMessage, IReadOnlyList<ServerMessage> Messages);
