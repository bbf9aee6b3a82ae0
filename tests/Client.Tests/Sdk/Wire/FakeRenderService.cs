using ArrHost.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>A Render service: one client at a time, token check, raw 4x2 frames per pose, scripted command answers.</summary>
public sealed class FakeRenderService(WireState state) : Render.RenderBase
{
    public override async Task Connect(IAsyncStreamReader<ClientMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.BodyCase != ClientMessage.BodyOneofCase.Hello)
        {
            await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ProtocolError, Message = "no hello" } });
            return;
        }

        var hello = requestStream.Current.Hello;
        if (hello.ConnectionToken != WireState.ConnectionToken)
        {
            await responseStream.WriteAsync(new ServerMessage { Error = new Error { Code = "Unauthenticated", Message = "the connection token is wrong or stale" } });
            await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ProtocolError } });
            return;
        }

        CancellationTokenSource mine;
        lock (state.Gate)
        {
            if (state.ConnectedClient is not null)
            {
                mine = null!;
            }
            else
            {
                mine = state.ConnectedClient = new CancellationTokenSource();
            }
        }

        if (mine is null)
        {
            await responseStream.WriteAsync(new ServerMessage { Error = new Error { Code = "OtherSessionConnected", Message = "another client is connected to this session" } });
            await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.OtherClientConnected } });
            return;
        }

        try
        {
            await responseStream.WriteAsync(new ServerMessage { Welcome = new Welcome { SessionId = hello.SessionId, Options = hello.Options, Encoder = "raw", FramePacing = hello.Options.AcknowledgeFrames } });
            using var both = CancellationTokenSource.CreateLinkedTokenSource(mine.Token, context.CancellationToken);
            ulong frameNumber = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = await requestStream.MoveNext(both.Token);
                }
                catch (OperationCanceledException) when (mine.IsCancellationRequested)
                {
                    await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.SessionStopped, Message = "the session was stopped" } });
                    return;
                }

                if (!more) return;
                var m = requestStream.Current;
                switch (m.BodyCase)
                {
                    case ClientMessage.BodyOneofCase.Pose:
                        await responseStream.WriteAsync(new ServerMessage
                        {
                            Frame = new Frame
                            {
                                FrameNumber = ++frameNumber,
                                PoseId = m.Pose.PoseId,
                                ClientTimestampUs = m.Pose.ClientTimestampUs,
                                Codec = Codec.RawRgba,
                                Keyframe = true,
                                Width = 4,
                                Height = 2,
                                Data = ByteString.CopyFrom(new byte[32]),
                                Timings = new FrameTimings { RenderUs = 100, TotalUs = 300 },
                            },
                        });
                        break;
                    case ClientMessage.BodyOneofCase.Command when m.Command.KindCase == SceneCommand.KindOneofCase.LoadModel:
                        await responseStream.WriteAsync(new ServerMessage { LoadProgress = new LoadProgress { CommandId = m.Command.CommandId, Fraction = 0.5f, Stage = "Parsing" } });
                        await responseStream.WriteAsync(new ServerMessage
                        {
                            CommandResult = new CommandResult
                            {
                                CommandId = m.Command.CommandId,
                                LoadModel = new ArrHost.Protos.V1.LoadModelResult
                                {
                                    Root = new EntityInfo { EntityId = 1, Name = "model", Children = { new EntityInfo { EntityId = 2, Name = "mesh", ParentEntityId = 1, HasMesh = true } } },
                                    PrimitiveCount = 12,
                                },
                            },
                        });
                        break;
                    case ClientMessage.BodyOneofCase.Command when m.Command.KindCase == SceneCommand.KindOneofCase.RayCast:
                        var result = new RayCastResult();
                        result.Hits.Add(new RayHit { EntityId = 2, Distance = 4, Position = new Vec3 { Z = 1 }, Normal = new Vec3 { Z = 1 } });
                        await responseStream.WriteAsync(new ServerMessage { CommandResult = new CommandResult { CommandId = m.Command.CommandId, RayCast = result } });
                        break;
                    case ClientMessage.BodyOneofCase.Command:
                        await responseStream.WriteAsync(new ServerMessage { Error = new Error { CommandId = m.Command.CommandId, Code = "InvalidArgument", Message = "not in the fake" } });
                        break;
                    case ClientMessage.BodyOneofCase.FrameAck:
                        Interlocked.Exchange(ref state.LastFrameAck, (long)m.FrameAck.FrameNumber);
                        break;
                    case ClientMessage.BodyOneofCase.Goodbye:
                        await responseStream.WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = GoodbyeReason.ClientLeft } });
                        return;
                }
            }
        }
        finally
        {
            lock (state.Gate)
            {
                if (ReferenceEquals(state.ConnectedClient, mine)) state.ConnectedClient = null;
            }

            mine.Dispose();
        }
    }
}
