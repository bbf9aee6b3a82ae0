using ArrHost.Protos.V1;
using ArrHost.RenderHost.Hosting;
using ArrHost.RenderHost.Sessions;
using ArrHost.RenderHost.Streaming;
using ArrHost.Rendering.Models;
using Grpc.Core;

namespace ArrHost.RenderHost.Grpc;

/// <summary>arr.v1.Render: admits the one client of the leased session and runs its connection.</summary>
internal sealed class RenderService(
    SessionSlot slot,
    ModelLoader loader,
    FramePipelineFactory pipelines,
    HostIdentity identity,
    ILogger<RenderService> logger) : Render.RenderBase
{
    /// <summary>A client that opens the stream but never says hello is dropped after this.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    public override async Task Connect(IAsyncStreamReader<ClientMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var writer = new ResponseWriter(responseStream);
        var ct = context.CancellationToken;

        Hello? hello;
        using (var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            helloTimeout.CancelAfter(HelloTimeout);
            try
            {
                hello = await requestStream.MoveNext(helloTimeout.Token).ConfigureAwait(false) ? requestStream.Current.Hello : null;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await RefuseAsync(writer, "DeadlineExceeded", $"no hello within {HelloTimeout.TotalSeconds:0} s", GoodbyeReason.ProtocolError, ct).ConfigureAwait(false);
                return;
            }
        }

        if (hello is null)
        {
            await RefuseAsync(writer, "InvalidArgument", "the first message must be a hello", GoodbyeReason.ProtocolError, ct).ConfigureAwait(false);
            return;
        }

        StreamOptions options;
        try
        {
            options = pipelines.Normalize(hello.Options ?? new StreamOptions());
        }
        catch (ArgumentException ex)
        {
            await RefuseAsync(writer, "InvalidArgument", ex.Message, GoodbyeReason.ProtocolError, ct).ConfigureAwait(false);
            return;
        }

        var admission = await slot.TryEnterAsync(hello.SessionId, hello.ConnectionToken, writer, ct).ConfigureAwait(false);
        if (admission.Lease is not { } lease)
        {
            var reason = admission.ErrorCode == "OtherSessionConnected" ? GoodbyeReason.OtherClientConnected : GoodbyeReason.ProtocolError;
            logger.LogInformation("Refused a client for session {SessionId}: {Code}", hello.SessionId, admission.ErrorCode);
            await RefuseAsync(writer, admission.ErrorCode, admission.Message, reason, ct).ConfigureAwait(false);
            return;
        }

        ClientConnection? connection = null;
        try
        {
            var pipeline = pipelines.Create(options, lease, writer);
            connection = new ClientConnection(lease, writer, loader, pipeline, logger);
            await writer.WriteAsync(new ServerMessage
            {
                Welcome = new Welcome { SessionId = lease.SessionId, Options = pipeline.Options, Capabilities = identity.Capabilities, Encoder = pipeline.EncoderName, FramePacing = pipeline.Options.AcknowledgeFrames },
            }, ct).ConfigureAwait(false);
            logger.LogInformation("Client {Peer} connected to session {SessionId} ({Codec} {Width}x{Height})", context.Peer, lease.SessionId, options.Codec, options.Width, options.Height);
            await connection.RunAsync(requestStream, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException && connection is null)
        {
            await RefuseAsync(writer, "FailedPrecondition", ex.Message, GoodbyeReason.ProtocolError, ct).ConfigureAwait(false);
        }
        finally
        {
            // Clean slate first, then free the slot, then say goodbye: a client that reconnects as
            // soon as it reads the goodbye finds the host ready for it.
            slot.MarkLeaving(writer);
            var clean = connection is null || await connection.ClearAsync().ConfigureAwait(false);
            if (!clean) logger.LogWarning("Session {SessionId}: device memory did not return to its level after the client left", lease.SessionId);
            slot.Leave(writer);
            logger.LogInformation("Client left session {SessionId}", lease.SessionId);
            if (connection is not null && !ct.IsCancellationRequested)
            {
                var (reason, message) = connection.End;
                using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await writer.GoodbyeAsync(reason, message, bye.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
                {
                }
            }
        }
    }

    private static async Task RefuseAsync(ResponseWriter writer, string code, string message, GoodbyeReason reason, CancellationToken ct)
    {
        try
        {
            await writer.ErrorAsync(0, code, message, ct).ConfigureAwait(false);
            await writer.GoodbyeAsync(reason, message, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client is gone already.
        }
    }
}
