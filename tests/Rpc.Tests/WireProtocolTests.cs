using System.Net;
using System.Net.Http.Headers;
using ArrHost.Rpc.Internal;
using ArrHost.Rpc.Tests.Echo;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Rpc.Tests;

/// <summary>Raw HTTP/2 requests with literal frame bytes, as another implementation (or an attacker) would send them.</summary>
public sealed class WireProtocolTests
{
    private const string UnaryPath = "/arr.test.v1.EchoService/Unary";

    [Fact]
    public async Task Post_UnknownMethod_UnimplementedTrailersOnly()
    {
        await using var server = await TestServer.StartAsync();
        var (response, status, _) = await SendRawAsync(server.Address, "/arr.test.v1.EchoService/Nope", new byte[] { 0, 0, 0, 0, 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", status);
        var (_, other, _) = await SendRawAsync(server.Address, "/some.Other/Thing/deeper", new byte[] { 0, 0, 0, 0, 0 });
        Assert.Equal("12", other);
    }

    [Fact]
    public async Task Post_WrongContentType_Http415()
    {
        await using var server = await TestServer.StartAsync();
        var (response, _, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 0 }, "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0xFF, 0xFF, 0xFF, 0xFF }, "8")]                 // length prefix far over the limit
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 0x0A, 0x01 }, "13")]               // truncated message
    [InlineData(new byte[] { 0, 0, 0 }, "13")]                                  // truncated header
    [InlineData(new byte[] { 7, 0, 0, 0, 0 }, "13")]                            // bad compressed flag
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF }, "13")]          // garbage protobuf
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x0A, 0x05 }, "13")]                // string field longer than the message
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0x0A, 0x00 }, "13")]                // compressed without grpc-encoding
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "13")]             // two messages on a unary call
    [InlineData(new byte[0], "13")]                                             // no message at all
    public async Task Post_MalformedFrame_ClearStatusAndServerKeepsRunning(byte[] body, string expectedStatus)
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(out var channel);
        using var _ = channel;
        using var duplex = client.Duplex();
        await duplex.RequestStream.WriteAsync(new EchoRequest { Text = "before" });
        Assert.True(await duplex.ResponseStream.MoveNext());

        var (response, status, message) = await SendRawAsync(server.Address, UnaryPath, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedStatus, status);
        Assert.False(string.IsNullOrEmpty(message));

        await duplex.RequestStream.WriteAsync(new EchoRequest { Text = "after" });
        Assert.True(await duplex.ResponseStream.MoveNext());
        Assert.Equal("after", duplex.ResponseStream.Current.Text);
        Assert.Equal("fine", (await client.UnaryAsync(new EchoRequest { Text = "fine" })).Text);
    }

    [Fact]
    public async Task Post_ValidLiteralFrame_ReplyFrameAndOkTrailers()
    {
        await using var server = await TestServer.StartAsync();
        // EchoRequest { text = "hi" }: field 1, wire type 2, length 2.
        var (response, status, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 4, 0x0A, 0x02, (byte)'h', (byte)'i' },
            expectBody: new byte[] { 0, 0, 0, 0, 4, 0x0A, 0x02, (byte)'h', (byte)'i' });
        Assert.Equal("0", status);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_GrpcTimeoutShorterThanWork_ServerAnswersDeadlineExceeded()
    {
        await using var server = await TestServer.StartAsync();
        await WarmUpAsync(server.Address);
        // EchoRequest { delay_ms = 10000 }: field 4 varint (0x20), 10000 = 0x90 0x4E. The raw client enforces nothing itself.
        var (_, status, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 3, 0x20, 0x90, 0x4E }, timeout: "1000m");
        Assert.Equal("4", status);
        Assert.Equal("deadline", await server.Probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Post_HandlerIgnoresDeadline_ServerStillAnswersDeadlineExceededOnTime()
    {
        await using var server = await TestServer.StartAsync();
        await WarmUpAsync(server.Address);
        var message = new EchoRequest { Text = EchoServiceImpl.IgnoreDeadlineText, DelayMs = 4000 }.ToByteArray();
        var frame = new byte[5 + message.Length];
        frame[4] = (byte)message.Length;
        message.CopyTo(frame, 5);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (_, status, _) = await SendRawAsync(server.Address, UnaryPath, frame, timeout: "200m");
        Assert.Equal("4", status);
        // The handler takes 4 s whatever the deadline says; an answer within 3 s can only come from the server's deadline.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task Post_TimeoutAlreadyZero_DeadlineExceeded()
    {
        await using var server = await TestServer.StartAsync();
        var (_, status, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 0 }, timeout: "0m");
        Assert.Equal("4", status);
    }

    [Fact]
    public async Task Post_InvalidTimeoutHeader_Ignored()
    {
        await using var server = await TestServer.StartAsync();
        var (_, status, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 0 }, timeout: "soon");
        Assert.Equal("0", status);
    }

    [Fact]
    public async Task Post_UnsupportedEncoding_Unimplemented()
    {
        await using var server = await TestServer.StartAsync();
        var (_, status, _) = await SendRawAsync(server.Address, UnaryPath, new byte[] { 0, 0, 0, 0, 0 }, encoding: "snappy");
        Assert.Equal("12", status);
    }

    [Fact]
    public void MapRpcService_MissingMethod_ThrowsNamingIt()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRpc();
        var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapRpcService<HalfService>(EchoReflection.Descriptor.Services[0]));
        Assert.Contains("ServerStream", ex.Message);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("ä\n", "%C3%A4%0A")]
    public void PercentEncoding_RoundTrips(string value, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(value));
        Assert.Equal(value, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("100m", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("2S", 2 * TimeSpan.TicksPerSecond)]
    [InlineData("1H", TimeSpan.TicksPerHour)]
    [InlineData("5000n", 50)]
    public void GrpcTimeout_Parse_Units(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
        Assert.False(GrpcTimeout.TryParse("123456789m", out _));
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromDays(3)), out var big));
        Assert.True(big >= TimeSpan.FromDays(3));
    }

    [Fact]
    public void MetadataHeaders_UnpaddedBase64_Accepted()
    {
        Assert.Equal(new byte[] { 1, 2 }, MetadataHeaders.DecodeBase64("AQI"));
        Assert.Equal(new byte[] { 1, 2 }, MetadataHeaders.DecodeBase64("AQI="));
    }

    public sealed class HalfService
    {
        public Task<EchoReply> Unary(EchoRequest request, ServerCallContext context) => Task.FromResult(new EchoReply());
    }

    /// <summary>
    /// One plain raw call, so a cold server (and client) spends no short deadline of the call a test times:
    /// when the deadline passes before the request is read, the server rightly never runs the handler.
    /// </summary>
    private static async Task WarmUpAsync(Uri address)
    {
        var (_, status, _) = await SendRawAsync(address, UnaryPath, new byte[] { 0, 0, 0, 0, 4, 0x0A, 0x02, (byte)'h', (byte)'i' });
        Assert.Equal("0", status);
    }

    private static async Task<(HttpResponseMessage Response, string? Status, string? Message)> SendRawAsync(
        Uri address, string path, byte[] body, string contentType = "application/grpc", byte[]? expectBody = null,
        string? timeout = null, string? encoding = null)
    {
        using var handler = new SocketsHttpHandler();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (expectBody is not null)
        {
            Assert.Equal(expectBody, bytes);
        }
        string? Get(HttpHeaders headers, string name) => headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;
        var status = Get(response.Headers, "grpc-status") ?? Get(response.TrailingHeaders, "grpc-status");
        var message = Get(response.Headers, "grpc-message") ?? Get(response.TrailingHeaders, "grpc-message");
        return (response, status, message);
    }
}
