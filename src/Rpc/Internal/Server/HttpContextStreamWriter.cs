using Google.Protobuf;
using ArrHost.Rpc.Internal.Framing;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Response messages of a server-streaming or bidi call, written to the response body pipe and flushed.</summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly HttpServerCallContext _context;
    private int _writing;

    public HttpContextStreamWriter(HttpServerCallContext context)
    {
        _context = context;
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_context.Completed)
        {
            throw new InvalidOperationException("Can't write the message because the call is complete.");
        }
        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            throw new InvalidOperationException("Can't write the message because the previous write is in progress.");
        }
        try
        {
            MessageFraming.WriteMessage(_context.ResponseWriter, message, _context.CompressResponse, _context.MaxSendMessageSize);
            _context.ResponseBodyStarted = true;
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _context.CancellationToken;
        var flush = _context.ResponseWriter.FlushAsync(token);
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            Volatile.Write(ref _writing, 0);
            return result.IsCanceled ? Task.FromCanceled(token.IsCancellationRequested ? token : new CancellationToken(true)) : Task.CompletedTask;
        }
        return AwaitFlush(flush, token);
    }

    private async Task AwaitFlush(ValueTask<System.IO.Pipelines.FlushResult> flush, CancellationToken token)
    {
        try
        {
            var result = await flush.ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(token);
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>Writes the single response of a unary or client-streaming call (flushed with the trailers).</summary>
    public static void WriteSingle(HttpServerCallContext context, T message)
    {
        MessageFraming.WriteMessage(context.ResponseWriter, message, context.CompressResponse, context.MaxSendMessageSize);
        context.ResponseBodyStarted = true;
    }
}
