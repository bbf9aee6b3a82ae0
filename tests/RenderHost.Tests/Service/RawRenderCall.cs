using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using ArrHost.Protos.V1;
using Google.Protobuf;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>
/// Render/Connect as raw HTTP/2 (h2c) with a request body of literal bytes, so a test can send what
/// no gRPC client would: malformed frames and payloads that are not protobuf.
/// </summary>
internal static class RawRenderCall
{
    /// <summary>One gRPC frame: compressed flag, big-endian length, payload.</summary>
    public static byte[] Frame(IMessage message) => Frame(0, (uint)message.CalculateSize(), message.ToByteArray());

    public static byte[] Frame(byte flag, uint declaredLength, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Sends the whole body, reads the whole answer; the status comes from the trailers (or the headers of a trailers-only answer).</summary>
    public static async Task<RawRenderResponse> SendAsync(string endpoint, byte[] body)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/arr.v1.Render/Connect")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var headers = response.TrailingHeaders.Contains("grpc-status") ? (HttpHeaders)response.TrailingHeaders : response.Headers;
        var status = headers.TryGetValues("grpc-status", out var codes) ? int.Parse(codes.Single()) : -1;
        var detail = headers.TryGetValues("grpc-message", out var details) ? Uri.UnescapeDataString(details.Single()) : "";
        return new RawRenderResponse(response.StatusCode, status, detail, ParseMessages(bytes));
    }

    private static List<ServerMessage> ParseMessages(byte[] body)
    {
        var messages = new List<ServerMessage>();
        for (var at = 0; at + 5 <= body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at + 1));
            messages.Add(ServerMessage.Parser.ParseFrom(body.AsSpan(at + 5, length)));
            at += 5 + length;
        }

        return messages;
    }
}
