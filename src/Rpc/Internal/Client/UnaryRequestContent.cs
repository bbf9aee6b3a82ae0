using System.IO.Pipelines;
using System.Net;
using ArrHost.Rpc.Internal.Framing;
using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>The request body of a unary or server-streaming call: one framed message.</summary>
internal sealed class UnaryRequestContent<TRequest> : HttpContent
    where TRequest : class, IMessage<TRequest>
{
    private readonly TRequest _request;
    private readonly bool _compress;

    public UnaryRequestContent(TRequest request, bool compress)
    {
        _request = request;
        _compress = compress;
        Headers.TryAddWithoutValidation(GrpcProtocolConstants.ContentTypeHeader, GrpcProtocolConstants.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = PipeWriter.Create(stream, ClientPipeOptions.Writer);
        MessageFraming.WriteMessage(writer, _request, _compress, maxSendSize: null, MessageFraming.ClientContiguousLimit);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
