using ArrHost.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ArrHost.Tests.Fakes;

/// <summary>
/// A Render service (served by <see cref="FakeServer"/>) that plays its part by itself: welcomes the hello
/// with the options asked for, answers LoadModel with progress and a result, and answers every pose with a
/// raw frame whose red channel is the pose id (mod 256). Records the poses it received.
/// </summary>
internal sealed class FakeRenderHost : Render.RenderBase
{
    public List<CameraPose> Poses { get; } = [];

    public string? LoadedUrl { get; private set; }

    /// <summary>The stream options of the last hello.</summary>
    public StreamOptions? HelloOptions { get; private set; }

    public bool GoodbyeReceived { get; private set; }

    /// <summary>After this many frames the host ends the connection as if the session stopped (0: never).</summary>
    public int StopAfterFrames { get; init; }

    public override async Task Connect(IAsyncStreamReader<ClientMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var options = new StreamOptions();
        ulong frames = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            switch (message.BodyCase)
            {
                case ClientMessage.BodyOneofCase.Hello:
                    options = message.Hello.Options.Clone();
                    lock (Poses) HelloOptions = options.Clone();
                    await responseStream.WriteAsync(new ServerMessage
                    {
                        Welcome = new Welcome
                        {
                            SessionId = message.Hello.SessionId,
                            Encoder = "fake",
                            Options = options,
                            Capabilities = new HostCapabilities { DeviceName = "fake device" },
                        },
                    });
                    break;
                case ClientMessage.BodyOneofCase.Command when message.Command.KindCase == SceneCommand.KindOneofCase.LoadModel:
                    lock (Poses) LoadedUrl = message.Command.LoadModel.Url;
                    await responseStream.WriteAsync(new ServerMessage { LoadProgress = new LoadProgress { CommandId = message.Command.CommandId, Fraction = 0.5f } });
                    await responseStream.WriteAsync(new ServerMessage
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
                    lock (Poses) Poses.Add(message.Pose.Clone());
                    var w = (int)options.Width;
                    var h = (int)options.Height;
                    var rgba = new byte[w * h * 4];
                    for (var i = 0; i < w * h; i++)
                    {
                        rgba[i * 4] = (byte)message.Pose.PoseId;
                        rgba[i * 4 + 3] = 255;
                    }

                    await responseStream.WriteAsync(new ServerMessage
                    {
                        Frame = new Frame
                        {
                            FrameNumber = ++frames,
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
                    if (StopAfterFrames > 0 && frames == (ulong)StopAfterFrames)
                    {
                        await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.SessionStopped, Message = "stopped by the test" } });
                        return;
                    }

                    break;
                case ClientMessage.BodyOneofCase.Goodbye:
                    lock (Poses) GoodbyeReceived = true;
                    await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ClientLeft } });
                    return;
            }
        }
    }
}
