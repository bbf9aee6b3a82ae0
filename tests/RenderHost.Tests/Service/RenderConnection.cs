using ArrHost.Protos.V1;
using Grpc.Core;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A test client on one Render/Connect stream, with bounded waits for each kind of message.</summary>
internal sealed class RenderConnection : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<ClientMessage, ServerMessage> _call;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(60));
    private ulong _pose;

    public RenderConnection(Render.RenderClient client) => _call = client.Connect(new CallOptions(null, null, _cts.Token));

    public Task SendAsync(ClientMessage message) => _call.RequestStream.WriteAsync(message, _cts.Token);

    public Task HelloAsync(string sessionId, string token, Codec codec = Codec.RawRgba, uint width = 64, uint height = 48, uint maxFrameRate = 0) =>
        SendAsync(new ClientMessage
        {
            Hello = new Hello
            {
                SessionId = sessionId,
                ConnectionToken = token,
                Options = new StreamOptions { Codec = codec, Width = width, Height = height, MaxFrameRate = maxFrameRate },
            },
        });

    public Task<ulong> PoseAsync(float z = 3f)
    {
        var id = ++_pose;
        return SendAsync(new ClientMessage
        {
            Pose = new CameraPose { PoseId = id, ClientTimestampUs = (long)id * 1000, Position = new Vec3 { Z = z }, Orientation = new Quat { W = 1 } },
        }).ContinueWith(_ => id);
    }

    public Task CommandAsync(ulong id, SceneCommand command)
    {
        command.CommandId = id;
        return SendAsync(new ClientMessage { Command = command });
    }

    /// <summary>Resets the call (RST_STREAM) without a goodbye, like a client that is killed mid-stream.</summary>
    public void Abort() => _cts.Cancel();

    /// <summary>Reads until a message matches, within a bounded time; null when the stream ends first.</summary>
    public async Task<ServerMessage?> NextAsync(Func<ServerMessage, bool> match, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (await _call.ResponseStream.MoveNext(cts.Token))
        {
            if (match(_call.ResponseStream.Current)) return _call.ResponseStream.Current;
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception)
        {
            // The server may already have ended the stream.
        }

        _call.Dispose();
        _cts.Dispose();
    }
}
