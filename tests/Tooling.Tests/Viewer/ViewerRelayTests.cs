using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ArrHost.Client;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.Viewer;

namespace ArrHost.Tooling.Tests.Viewer;

/// <summary>The viewer's relay and server against a fake render host, with a plain WebSocket client as the page.</summary>
public sealed class ViewerRelayTests : IAsyncLifetime
{
    private readonly FakeSessions _sessions = new();
    private readonly FakeRenderHost _host = new();
    private FakeServer _fake = null!;
    private RemoteRenderingClient _client = null!;
    private ViewerRelay _relay = null!;
    private ViewerServer _server = null!;

    public async Task InitializeAsync()
    {
        _sessions.AddReady("s1");
        _fake = FakeServer.Start(_sessions, _host);
        _client = _fake.CreateClient(new RemoteRenderingClientOptions { AccountId = "acct", AccountKey = "key" });
        var session = await _client.OpenRenderingSessionAsync("s1");
        _relay = new ViewerRelay(session, new ViewerOptions { Codec = FrameCodec.Jpeg, Width = 16, Height = 16, PoseRate = 60 });
        await _relay.EnsureConnectedAsync(FrameCodec.Jpeg, default);
        _server = await ViewerServer.StartAsync(_relay, 0, default);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _relay.DisposeAsync();
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Relay_PageThatDoesNotPaint_GetsTwoFramesThenOnlyTheNewest()
    {
        await using var page = await Page.ConnectAsync(_server.Address);
        await page.SendAsync("""{"t":"hello","h264":false}""");
        var welcome = await page.NextTextAsync();
        Assert.Equal("welcome", welcome.GetProperty("t").GetString());
        Assert.Equal("jpeg", welcome.GetProperty("codec").GetString());

        for (var seq = 1; seq <= 30; seq++)
        {
            await page.SendAsync($$"""{"t":"pose","seq":{{seq}},"eye":[0,0,{{5 + seq * 0.01}}],"target":[0,0,0],"fov":50}""");
            await Task.Delay(5);
        }

        await TestWait.UntilAsync(() => _host.Poses.Count >= 20, "the host rendered the poses");
        await Task.Delay(300);
        var first = page.Frames();
        Assert.Equal(ViewerWire.FramesInFlight, first.Count); // nothing more until the page paints
        await page.SendAsync("""{"t":"painted","seq":1,"g2g":12.5,"decode":1.5}""");
        var next = await page.NextFrameAsync();

        var newest = (uint)_host.Poses.Max(p => p.PoseId);
        Assert.Equal(30u, PageSequence(next));      // the newest frame, not the oldest waiting one
        Assert.True(newest >= 20);
        Assert.Equal([12.5], _relay.GlassToGlassSamples());
        Assert.Equal(1, next[0]);                   // header version
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(next.AsSpan(4)));
        Assert.True(next.Length > ViewerWire.HeaderSize, "the picture follows the header");
    }

    [Fact]
    public async Task Relay_SecondPage_IsToldWhyAndClosed()
    {
        await using var first = await Page.ConnectAsync(_server.Address);
        await first.SendAsync("""{"t":"hello","h264":false}""");
        await first.NextTextAsync();

        await using var second = await Page.ConnectAsync(_server.Address);
        var refused = await second.NextTextAsync();

        Assert.Equal("refused", refused.GetProperty("t").GetString());
        Assert.Equal(ViewerWire.OtherViewerConnected, refused.GetProperty("reason").GetString());
        await TestWait.UntilAsync(() => second.Socket.CloseStatus is not null, "the refused socket closed");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, second.Socket.CloseStatus);
        Assert.Equal(1, _relay.PagesRefused);
    }

    [Fact]
    public async Task Relay_LoadFromThePage_LoadsOnTheHostAndAnswersWithBounds()
    {
        await using var page = await Page.ConnectAsync(_server.Address);
        await page.SendAsync("""{"t":"hello","h264":false}""");
        await page.NextTextAsync();

        await page.SendAsync("""{"t":"load","url":"builtin:cube"}""");
        JsonElement loaded;
        do loaded = await page.NextTextAsync();
        while (loaded.GetProperty("t").GetString() == "loading");

        Assert.Equal("loaded", loaded.GetProperty("t").GetString());
        Assert.Equal("builtin:cube", loaded.GetProperty("url").GetString());
        Assert.Equal("builtin:cube", _host.LoadedUrl);
        Assert.Equal(3, loaded.GetProperty("min").GetArrayLength());
    }

    [Fact]
    public async Task Server_SocketFromAnotherSite_IsForbidden()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        var uri = new UriBuilder(_server.Address) { Scheme = "ws", Path = "/ws" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        using var http = new HttpClient();
        var html = await http.GetStringAsync(_server.Address);
        Assert.Contains("<canvas id=\"view\"", html, StringComparison.Ordinal);
        Assert.Contains("VideoDecoder", await http.GetStringAsync(new Uri(_server.Address, "viewer.js")), StringComparison.Ordinal);
    }

    private static uint PageSequence(byte[] frame) => BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8));

    /// <summary>A page as the relay sees it: one WebSocket, its text and binary messages collected as they come.</summary>
    private sealed class Page : IAsyncDisposable
    {
        private readonly Channel<JsonElement> _texts = Channel.CreateUnbounded<JsonElement>();
        private readonly Channel<byte[]> _frames = Channel.CreateUnbounded<byte[]>();
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;

        public ClientWebSocket Socket { get; } = new();

        public static async Task<Page> ConnectAsync(Uri server)
        {
            var page = new Page();
            await page.Socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
            page._reader = page.ReadAsync();
            return page;
        }

        public Task SendAsync(string json) => Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

        public async Task<JsonElement> NextTextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _texts.Reader.ReadAsync(timeout.Token);
        }

        public async Task<byte[]> NextFrameAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _frames.Reader.ReadAsync(timeout.Token);
        }

        public List<byte[]> Frames()
        {
            var list = new List<byte[]>();
            while (_frames.Reader.TryRead(out var f)) list.Add(f);
            return list;
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[1 << 20];
            try
            {
                while (Socket.State == WebSocketState.Open)
                {
                    var length = 0;
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await Socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), _stop.Token);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    if (result.MessageType == WebSocketMessageType.Text)
                        _texts.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
                    else
                        _frames.Writer.TryWrite(buffer.AsSpan(0, length).ToArray());
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reader;
            Socket.Dispose();
            _stop.Dispose();
        }
    }
}
