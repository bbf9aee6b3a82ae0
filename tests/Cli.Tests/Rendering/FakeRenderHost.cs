using System.Threading.Channels;
using ArrHost.Client;
using ArrHost.Client.Internal.Transport;
using ArrHost.Protos.V1;
using Google.Protobuf;

namespace ArrHost.Cli.Tests.Rendering;

/// <summary>
/// A render host in memory that plays its part by itself: welcomes the hello with the options asked
/// for, answers LoadModel with progress and a result, and answers every pose with a raw frame whose
/// red channel is the pose id (mod 256). Records the poses it received.
/// </summary>
internal sealed class FakeRenderHost : IRenderTransport
{
    public List<CameraPose> Poses { get; } = [];

    public string? LoadedUrl { get; private set; }

    /// <summary>The stream options of the last hello.</summary>
    public StreamOptions? HelloOptions { get; private set; }

    public bool GoodbyeReceived { get; private set; }

    /// <summary>After this many frames the host ends the connection as if the session stopped (0: never).</summary>
    public int StopAfterFrames { get; init; }

    public IRenderStream Connect(string endpoint, CancellationToken cancellationToken) => new Stream(this);

    private sealed class Stream : IRenderStream
    {
        private readonly FakeRenderHost _host;
        private readonly Channel<ServerMessage> _toClient = Channel.CreateUnbounded<ServerMessage>();
        private StreamOptions _options = new();
        private ulong _frames;
        private bool _closed;

        public Stream(FakeRenderHost host) => _host = host;

        public Task WriteAsync(ClientMessage message, CancellationToken cancellationToken)
        {
            if (_closed) throw new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, "closed");
            switch (message.BodyCase)
            {
                case ClientMessage.BodyOneofCase.Hello:
                    _options = message.Hello.Options.Clone();
                    lock (_host) _host.HelloOptions = _options.Clone();
                    Send(new ServerMessage
                    {
                        Welcome = new Welcome
                        {
                            SessionId = message.Hello.SessionId,
                            Encoder = "fake",
                            Options = _options,
                            Capabilities = new HostCapabilities { DeviceName = "fake device" },
                        },
                    });
                    break;
                case ClientMessage.BodyOneofCase.Command when message.Command.KindCase == SceneCommand.KindOneofCase.LoadModel:
                    lock (_host) _host.LoadedUrl = message.Command.LoadModel.Url;
                    Send(new ServerMessage { LoadProgress = new LoadProgress { CommandId = message.Command.CommandId, Fraction = 0.5f } });
                    Send(new ServerMessage
                    {
                        CommandResult = new CommandResult
                        {
                            CommandId = message.Command.CommandId,
                            LoadModel = new ArrHost.Protos.V1.LoadModelResult
                            {
                                Root = new EntityInfo { EntityId = 1, Name = "model" },
                                PrimitiveCount = 12,
                                BoundsMin = new Vec3 { X = -1, Y = -1, Z = -1 },
                                BoundsMax = new Vec3 { X = 1, Y = 1, Z = 1 },
                            },
                        },
                    });
                    break;
                case ClientMessage.BodyOneofCase.Pose:
                    lock (_host) _host.Poses.Add(message.Pose.Clone());
                    var w = (int)_options.Width;
                    var h = (int)_options.Height;
                    var rgba = new byte[w * h * 4];
                    for (var i = 0; i < w * h; i++)
                    {
                        rgba[i * 4] = (byte)message.Pose.PoseId;
                        rgba[i * 4 + 3] = 255;
                    }

                    Send(new ServerMessage
                    {
                        Frame = new Frame
                        {
                            FrameNumber = ++_frames,
                            PoseId = message.Pose.PoseId,
                            ClientTimestampUs = message.Pose.ClientTimestampUs,
                            Codec = Codec.RawRgba,
                            Keyframe = true,
                            Width = (uint)w,
                            Height = (uint)h,
                            Data = ByteString.CopyFrom(rgba),
                            Timings = new FrameTimings { WaitUs = 100, RenderUs = 2000, ReadbackUs = 300, EncodeUs = 10, PreviousSendUs = 50, TotalUs = 2500 },
                        },
                    });
                    if (_host.StopAfterFrames > 0 && _frames == (ulong)_host.StopAfterFrames)
                    {
                        Send(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.SessionStopped, Message = "stopped by the test" } });
                        _toClient.Writer.TryComplete();
                    }

                    break;
                case ClientMessage.BodyOneofCase.Goodbye:
                    lock (_host) _host.GoodbyeReceived = true;
                    Send(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ClientLeft } });
                    _toClient.Writer.TryComplete();
                    break;
            }

            return Task.CompletedTask;
        }

        public Task CompleteAsync() => Task.CompletedTask;

        public async ValueTask<ServerMessage?> ReadAsync(CancellationToken cancellationToken)
        {
            if (await _toClient.Reader.WaitToReadAsync(cancellationToken) && _toClient.Reader.TryRead(out var m)) return m;
            return null;
        }

        public ValueTask DisposeAsync()
        {
            _closed = true;
            _toClient.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        private void Send(ServerMessage message) => _toClient.Writer.TryWrite(message);
    }
}
