using System.Net;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>
/// The request body of a client-streaming or bidi call: hands the HTTP/2 request stream to the writer and keeps the
/// body open until the writer completes it.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent()
    {
        Headers.TryAddWithoutValidation(GrpcProtocolConstants.ContentTypeHeader, GrpcProtocolConstants.ContentType);
    }

    public Task<Stream> StreamTask => _stream.Task;

    /// <summary>Ends the request body (END_STREAM).</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>Abandons the request body without END_STREAM; the stream is reset.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _complete.TrySetCanceled();
    }

    /// <summary>The request could not be sent: writers waiting for the stream get this exception.</summary>
    public void Fail(Exception exception)
    {
        _stream.TrySetException(exception);
        _complete.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Flushing at once sends the request headers; without it a bidi call waits for its first message.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        // A cancelled request must not end with END_STREAM (the server would see a normal half-close): it throws.
        using (cancellationToken.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetCanceled(), _complete))
        {
            await _complete.Task.ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
