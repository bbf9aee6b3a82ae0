using System.Threading.Channels;
using ArrHost.Client.Internal.Transport;
using ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk.Fakes;

/// <summary>Render/Connect in memory: each Connect creates a <see cref="FakeRenderStream"/> the test plays the host on.</summary>
internal sealed class FakeRenderTransport : IRenderTransport
{
    private readonly Channel<FakeRenderStream> _streams = Channel.CreateUnbounded<FakeRenderStream>();

    public IRenderStream Connect(string endpoint, CancellationToken cancellationToken)
    {
        var s = new FakeRenderStream(endpoint);
        _streams.Writer.TryWrite(s);
        return s;
    }

    /// <summary>The next stream a client opened.</summary>
    public async Task<FakeRenderStream> NextStreamAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _streams.Reader.ReadAsync(cts.Token);
    }
}

/// <summary>One fake Render/Connect call: the test reads what the client sent and writes what the host says.</summary>
internal sealed class FakeRenderStream(string endpoint) : IRenderStream
{
    public string Endpoint { get; } = endpoint;

    public Channel<ClientMessage> FromClient { get; } = Channel.CreateUnbounded<ClientMessage>();

    public Channel<ServerMessage> ToClient { get; } = Channel.CreateUnbounded<ServerMessage>();

    public bool Completed { get; private set; }

    /// <summary>Whether the fake answers the client's goodbye like a real host (default true).</summary>
    public bool AnswerGoodbye { get; set; } = true;

    public bool Disposed { get; private set; }

    public Task WriteAsync(ClientMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Disposed || Completed) throw new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, "closed");
        FromClient.Writer.TryWrite(message);
        if (message.BodyCase == ClientMessage.BodyOneofCase.Goodbye && AnswerGoodbye)
        {
            // As a real host: answer the client's goodbye and end the stream.
            ToClient.Writer.TryWrite(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ClientLeft } });
            ToClient.Writer.TryComplete();
        }

        return Task.CompletedTask;
    }

    public Task CompleteAsync()
    {
        Completed = true;
        FromClient.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public async ValueTask<ServerMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await ToClient.Reader.WaitToReadAsync(cancellationToken) && ToClient.Reader.TryRead(out var m)) return m;
        return null;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        ToClient.Writer.TryComplete();
        FromClient.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    /// <summary>The next message from the client, within 10 s.</summary>
    public async Task<ClientMessage> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await FromClient.Reader.ReadAsync(cts.Token);
    }

    public void Send(ServerMessage message) => ToClient.Writer.TryWrite(message);

    /// <summary>Plays the host's half of the handshake: reads the hello, answers a welcome.</summary>
    public async Task<Hello> AcceptAsync(Codec codec = Codec.Jpeg)
    {
        var hello = (await ReceiveAsync()).Hello;
        Send(new ServerMessage
        {
            Welcome = new Welcome
            {
                SessionId = hello.SessionId,
                Encoder = "fake-encoder",
                Options = new StreamOptions { Codec = codec, Width = 64, Height = 32, MaxFrameRate = 60, FramesInFlight = 2, JpegQuality = 85, GopLength = 60 },
                Capabilities = new HostCapabilities { DeviceName = "fake device" },
            },
        });
        return hello;
    }

    /// <summary>Ends the stream from the host's side.</summary>
    public void End() => ToClient.Writer.TryComplete();
}
