using System.Diagnostics;
using System.Numerics;
using System.Threading.Channels;
using ArrHost.Protos.V1;
using ArrHost.RenderHost.Grpc;
using ArrHost.RenderHost.Sessions;
using ArrHost.Rendering.Models;
using ArrHost.Rendering.Scene;
using Grpc.Core;

namespace ArrHost.RenderHost.Streaming;

/// <summary>
/// One client's connection to its session: a receive loop (poses, commands), a command loop that
/// changes the scene, and the frame pipeline. Ends on goodbye, disconnect, or the end of the lease,
/// and always leaves a clean slate: the scene is discarded and its GPU memory returned.
/// </summary>
internal sealed class ClientConnection
{
    /// <summary>Commands queued beyond this are refused, so a flooding client cannot grow memory.</summary>
    public const int MaxPendingCommands = 256;

    private readonly Lease _lease;
    private readonly ResponseWriter _writer;
    private readonly ModelLoader _loader;
    private readonly FramePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly SceneGraph _scene = new();
    private readonly Lock _sceneLock = new();
    private readonly Channel<SceneCommand> _commands = Channel.CreateBounded<SceneCommand>(
        new BoundedChannelOptions(MaxPendingCommands) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private GoodbyeReason _endReason = GoodbyeReason.ClientLeft;
    private string _endMessage = "client disconnected";

    public ClientConnection(Lease lease, ResponseWriter writer, ModelLoader loader, FramePipeline pipeline, ILogger logger)
    {
        _lease = lease;
        _writer = writer;
        _loader = loader;
        _pipeline = pipeline;
        _logger = logger;
        pipeline.Attach(_scene, _sceneLock);
    }

    /// <summary>Why the connection ended, once <see cref="RunAsync"/> has returned.</summary>
    public (GoodbyeReason Reason, string Message) End => (_endReason, _endMessage);

    /// <summary>Runs until the client leaves, the call breaks, or the lease ends. The caller cleans up, then says goodbye.</summary>
    public async Task RunAsync(IAsyncStreamReader<ClientMessage> requests, CancellationToken callAborted)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(callAborted, _lease.Ended);
        var ct = cts.Token;
        var receive = ReceiveAsync(requests, cts);
        var commands = CommandLoopAsync(ct);
        var frames = _pipeline.RunAsync(ct);
        try
        {
            var first = await Task.WhenAny(receive, commands, frames).ConfigureAwait(false);
            if (first == frames && frames.IsFaulted)
            {
                var error = frames.Exception!.GetBaseException();
                _endReason = GoodbyeReason.SessionError;
                _endMessage = "rendering failed: " + error.Message;
                _logger.LogError(error, "Frame pipeline of session {SessionId} failed", _lease.SessionId);
                _pipeline.ReportFailure(_lease.SessionId, error);
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await Quietly(receive).ConfigureAwait(false);
            await Quietly(commands).ConfigureAwait(false);
            await Quietly(frames).ConfigureAwait(false);
        }

        if (_lease.Ended.IsCancellationRequested)
        {
            _endReason = _lease.EndReason;
            _endMessage = _lease.EndMessage;
        }
    }

    /// <summary>Discards the scene and frees every model's GPU resources; true when device memory returned to its level before the connection.</summary>
    public async Task<bool> ClearAsync()
    {
        List<LoadedModel> models;
        lock (_sceneLock) models = _scene.Clear();
        await _pipeline.DrainAsync().ConfigureAwait(false);
        foreach (var model in models) model.GpuResources?.Dispose();
        return await _pipeline.DisposeAndVerifyAsync().ConfigureAwait(false);
    }

    private async Task ReceiveAsync(IAsyncStreamReader<ClientMessage> requests, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        try
        {
            while (await requests.MoveNext(ct).ConfigureAwait(false))
            {
                var message = requests.Current;
                switch (message.BodyCase)
                {
                    case ClientMessage.BodyOneofCase.Pose:
                        _pipeline.OnPose(message.Pose, Stopwatch.GetTimestamp());
                        break;
                    case ClientMessage.BodyOneofCase.Command:
                        if (!_commands.Writer.TryWrite(message.Command))
                        {
                            await _writer.ErrorAsync(message.Command.CommandId, "ResourceExhausted",
                                $"more than {MaxPendingCommands} commands are pending; wait for results before sending more", ct).ConfigureAwait(false);
                        }

                        break;
                    case ClientMessage.BodyOneofCase.FrameAck:
                        _pipeline.OnFrameAck(message.FrameAck.FrameNumber);
                        break;
                    case ClientMessage.BodyOneofCase.KeyframeRequest:
                        _pipeline.RequestKeyframe();
                        break;
                    case ClientMessage.BodyOneofCase.Goodbye:
                        _endReason = GoodbyeReason.ClientLeft;
                        _endMessage = "goodbye";
                        return;
                    case ClientMessage.BodyOneofCase.Hello:
                        await ProtocolErrorAsync("a second hello on an open connection", ct).ConfigureAwait(false);
                        return;
                    default:
                        await ProtocolErrorAsync("an empty or unknown client message", ct).ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (Exception ex) when (RenderCallInterceptor.MalformedMessage(ex) is { } what && !ct.IsCancellationRequested)
        {
            // A malformed frame or payload: tell the client what was wrong instead of ending as if it had left.
            await ProtocolErrorAsync(what, ct).ConfigureAwait(false);
        }
        finally
        {
            _commands.Writer.TryComplete();
        }
    }

    private async Task ProtocolErrorAsync(string what, CancellationToken ct)
    {
        _endReason = GoodbyeReason.ProtocolError;
        _endMessage = "protocol error: " + what;
        await _writer.ErrorAsync(0, "InvalidArgument", _endMessage, ct).ConfigureAwait(false);
    }

    private async Task CommandLoopAsync(CancellationToken ct)
    {
        await foreach (var command in _commands.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                var result = await ExecuteAsync(command, ct).ConfigureAwait(false);
                await _writer.WriteAsync(new ServerMessage { CommandResult = result }, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var (code, text) = ex switch
                {
                    SceneException se => (se.Code, se.Message),
                    ModelSourceException me => (me.Code, me.Message),
                    ModelLoadException le => ("ModelLoadFailed", le.Message),
                    _ => ("Internal", ex.Message),
                };
                if (code == "Internal") _logger.LogError(ex, "Command {CommandId} failed", command.CommandId);
                await _writer.ErrorAsync(command.CommandId, code, text, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<CommandResult> ExecuteAsync(SceneCommand command, CancellationToken ct)
    {
        var result = new CommandResult { CommandId = command.CommandId };
        switch (command.KindCase)
        {
            case SceneCommand.KindOneofCase.LoadModel:
                result.LoadModel = await LoadModelAsync(command.CommandId, command.LoadModel, ct).ConfigureAwait(false);
                break;
            case SceneCommand.KindOneofCase.CreateEntity:
                lock (_sceneLock)
                {
                    var e = _scene.CreateEntity(command.CreateEntity.Name, command.CreateEntity.ParentEntityId, command.CreateEntity.Transform);
                    result.Entity = _scene.Describe(e, 0);
                }

                break;
            case SceneCommand.KindOneofCase.DeleteEntity:
                List<LoadedModel> freed;
                lock (_sceneLock) freed = _scene.Delete(command.DeleteEntity.EntityId);
                if (freed.Count > 0)
                {
                    await _pipeline.DrainAsync().ConfigureAwait(false);
                    foreach (var model in freed) model.GpuResources?.Dispose();
                }

                result.Ok = true;
                break;
            case SceneCommand.KindOneofCase.SetTransform:
                var st = command.SetTransform;
                lock (_sceneLock) _scene.SetTransform(st.EntityId, st.Transform, st.SetParent, st.ParentEntityId);
                result.Ok = true;
                break;
            case SceneCommand.KindOneofCase.RayCast:
                result.RayCast = RayCast(command.RayCast);
                break;
            default:
                throw new SceneException("InvalidArgument", "the command has no kind");
        }

        return result;
    }

    private async Task<LoadModelResult> LoadModelAsync(ulong commandId, LoadModel load, CancellationToken ct)
    {
        var progress = new LoadProgressReporter(_writer, commandId, ct);
        LoadedModel? model;
        bool shared;
        var source = await _loader.ResolveAsync(load.Url, progress, ct).ConfigureAwait(false);
        lock (_sceneLock) shared = _scene.TryGetModel(source.Key, out model);
        if (!shared)
        {
            try
            {
                var data = await _loader.LoadAsync(source, progress, ct).ConfigureAwait(false);
                progress.Report((0.9f, "Uploading"));
                var gpu = await _pipeline.UploadAsync(data, source.Key, ct).ConfigureAwait(false);
                model = new LoadedModel(source.Key, data, gpu);
            }
            finally
            {
                ModelSourceResolver.TryDelete(source.TempFolder);
            }
        }

        Entity root;
        lock (_sceneLock)
        {
            // Another load of the same key may have finished meanwhile; share it rather than upload twice.
            if (!shared && _scene.TryGetModel(source.Key, out var existing))
            {
                model!.GpuResources?.Dispose();
                model = existing;
                shared = true;
            }

            root = _scene.AddModel(model!, load.ParentEntityId, load.Transform);
        }

        progress.Report((1f, "Done"));
        var data2 = model!.Data;
        var answer = new LoadModelResult
        {
            PrimitiveCount = (ulong)data2.PrimitiveCount,
            SharedResources = shared,
            BoundsMin = new Vec3 { X = data2.BoundsMin.X, Y = data2.BoundsMin.Y, Z = data2.BoundsMin.Z },
            BoundsMax = new Vec3 { X = data2.BoundsMax.X, Y = data2.BoundsMax.Y, Z = data2.BoundsMax.Z },
        };
        lock (_sceneLock) answer.Root = _scene.Describe(root);
        answer.Warnings.AddRange(data2.Warnings);
        return answer;
    }

    private RayCastResult RayCast(Protos.V1.RayCast ray)
    {
        var direction = new Vector3(ray.Direction?.X ?? 0, ray.Direction?.Y ?? 0, ray.Direction?.Z ?? 0);
        if (direction.LengthSquared() < 1e-12f || !float.IsFinite(direction.X + direction.Y + direction.Z))
        {
            throw new SceneException("InvalidArgument", "ray direction must be a finite, non-zero vector");
        }

        var origin = new Vector3(ray.Origin?.X ?? 0, ray.Origin?.Y ?? 0, ray.Origin?.Z ?? 0);
        var maxDistance = ray.MaxDistance > 0 ? ray.MaxDistance : float.PositiveInfinity;
        var maxHits = ray.Policy == HitPolicy.All ? (int)(ray.MaxHits == 0 ? 16 : Math.Min(ray.MaxHits, 1024)) : 1;
        var placed = new List<PlacedModel>();
        lock (_sceneLock) _scene.CollectPlacedModels(placed);
        var result = new RayCastResult();
        result.Hits.AddRange(SceneRayCaster.Cast(placed, origin, Vector3.Normalize(direction), maxDistance, ray.Policy, maxHits));
        return result;
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // The loops end by cancellation or a dead peer; the cause was already handled above.
        }
    }
}
