using System.Diagnostics;
using ArrHost.Protos.V1;
using Grpc.Core;

namespace ArrHost.RenderHost.Streaming;

/// <summary>Serializes writes to one response stream: frames, progress, results and errors come from several loops.</summary>
internal sealed class ResponseWriter(IServerStreamWriter<ServerMessage> stream)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writes a message; returns how long the write took (incl. waiting for the stream), in µs.</summary>
    public async ValueTask<long> WriteAsync(ServerMessage message, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(message, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    public ValueTask<long> ErrorAsync(ulong commandId, string code, string message, CancellationToken ct) =>
        WriteAsync(new ServerMessage { Error = new Error { CommandId = commandId, Code = code, Message = message } }, ct);

    public ValueTask<long> GoodbyeAsync(GoodbyeReason reason, string message, CancellationToken ct) =>
        WriteAsync(new ServerMessage { Goodbye = new Goodbye { Reason = reason, Message = message } }, ct);
}
