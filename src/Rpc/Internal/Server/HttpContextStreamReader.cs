using Google.Protobuf;
using ArrHost.Rpc.Internal.Framing;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Request messages of a client-streaming or bidi call, read from the request body pipe.</summary>
internal sealed class HttpContextStreamReader<T> : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly HttpServerCallContext _context;
    private readonly MessageParser<T> _parser;
    private T? _current;
    private CancellationTokenSource? _linked;
    private CancellationToken _linkedFor;

    public HttpContextStreamReader(HttpServerCallContext context, MessageParser<T> parser)
    {
        _context = context;
        _parser = parser;
    }

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _context.CancellationToken)
        {
            return MoveNextCore(_context.CancellationToken);
        }

        // Readers pass the same token on every call (a pose stream reads one per frame): link it once,
        // not per message. Reads are sequential, so no read is using the old source when it is replaced.
        if (_linked is null || _linkedFor != cancellationToken)
        {
            _linked?.Dispose();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _context.CancellationToken);
            _linkedFor = cancellationToken;
        }

        return MoveNextCore(_linked.Token);
    }

    private async Task<bool> MoveNextCore(CancellationToken cancellationToken)
    {
        var message = await MessageFraming.ReadMessageAsync(
            _context.RequestReader, _parser, _context.MaxReceiveMessageSize, _context.RequestEncoding, cancellationToken).ConfigureAwait(false);
        _current = message;
        return message is not null;
    }

    /// <summary>Reads the one request message of a unary or server-streaming call and checks that nothing follows it.</summary>
    public static async Task<T> ReadSingleAsync(HttpServerCallContext context, MessageParser<T> parser)
    {
        var reader = context.RequestReader;
        var message = await MessageFraming.ReadMessageAsync(
            reader, parser, context.MaxReceiveMessageSize, context.RequestEncoding, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(StatusMapping.MissingRequestMessage);
        var extra = await MessageFraming.ReadMessageAsync(
            reader, parser, context.MaxReceiveMessageSize, context.RequestEncoding, context.CancellationToken).ConfigureAwait(false);
        if (extra is not null)
        {
            throw new RpcException(StatusMapping.AdditionalRequestData);
        }
        return message;
    }
}
