using System.IO.Pipelines;
using Google.Protobuf;
using ArrHost.Rpc.Internal.Framing;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Response messages of a server-streaming or bidi call, written to the response body pipe and flushed.</summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly HttpServerCallContext _context;

    public HttpContextStreamWriter(HttpServerCallContext context)
    {
        _context = context;
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_context.TryEnterWrite())
        {
            throw new InvalidOperationException(_context.Completed
                ? "Can't write the message because the call is complete."
                : "Can't write the message because the previous write is in progress.");
        }
        ValueTask<FlushResult> flush;
        CancellationToken token;
        try
        {
            if (_context.Completed)
            {
                throw new InvalidOperationException("Can't write the message because the call is complete.");
            }
            MessageFraming.WriteMessage(_context.ResponseWriter, message, _context.CompressResponse, _context.MaxSendMessageSize, MessageFraming.ServerContiguousLimit);
            _context.ResponseBodyStarted = true;
            token = cancellationToken.CanBeCanceled ? cancellationToken : _context.CancellationToken;
            flush = _context.ResponseWriter.FlushAsync(token);
        }
        catch
        {
            _context.ExitWrite();
            throw;
        }
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            _context.ExitWrite();
            return result.IsCanceled ? Task.FromCanceled(token.IsCancellationRequested ? token : new CancellationToken(true)) : Task.CompletedTask;
        }
        return AwaitFlush(flush, token);
    }

    private async Task AwaitFlush(ValueTask<FlushResult> flush, CancellationToken token)
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
            _context.ExitWrite();
        }
    }

    /// <summary>Writes the single response of a unary or client-streaming call (flushed with the trailers).</summary>
    public static void WriteSingle(HttpServerCallContext context, T message)
    {
        if (!context.TryEnterWrite())
        {
            throw new InvalidOperationException("Can't write the response because the call is ending.");
        }
        try
        {
            if (context.Completed)
            {
                throw new InvalidOperationException("Can't write the response because the call is complete.");
            }
            MessageFraming.WriteMessage(context.ResponseWriter, message, context.CompressResponse, context.MaxSendMessageSize, MessageFraming.ServerContiguousLimit);
            context.ResponseBodyStarted = true;
        }
        finally
        {
            context.ExitWrite();
        }
    }
}
