using System.IO.Pipelines;
using ArrHost.Rpc.Internal.Framing;
using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Request messages of a client-streaming or bidi call, written through a pipe over the HTTP/2 request stream.</summary>
internal sealed class ClientRequestStreamWriter<TRequest, TResponse> : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcCall<TRequest, TResponse> _call;
    private PipeWriter? _writer;
    private int _writing;
    private bool _completed;

    public ClientRequestStreamWriter(GrpcCall<TRequest, TResponse> call)
    {
        _call = call;
    }

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("Can't write the message because the request stream is complete.");
        }
        ThrowIfCallEnded();
        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            throw new InvalidOperationException("Can't write the message because the previous write is in progress.");
        }
        try
        {
            var writer = _writer ?? await CreateWriterAsync(cancellationToken).ConfigureAwait(false);
            MessageFraming.WriteMessage(writer, message, _call.Channel.CompressRequests, _call.Channel.MaxSendMessageSize, MessageFraming.ClientContiguousLimit);
            var token = cancellationToken.CanBeCanceled ? cancellationToken : _call.CallToken;
            await writer.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (RpcException or InvalidOperationException))
        {
            // FailFromWrite completes the call, so its trailers are available.
            throw new RpcException(_call.FailFromWrite(ex), _call.GetTrailers());
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public async Task CompleteAsync()
    {
        if (_completed)
        {
            return;
        }
        _completed = true;
        var content = _call.StreamingContent!;
        if (_call.CurrentStatus is null)
        {
            try
            {
                // The stream is awaited so that a call with no message still sends its headers before END_STREAM.
                await content.StreamTask.ConfigureAwait(false);
                if (_writer is not null)
                {
                    await _writer.CompleteAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw new RpcException(_call.FailFromWrite(ex));
            }
            catch (RpcException)
            {
                // The call already ended; its status comes from the response.
            }
        }
        content.Complete();
    }

    private async Task<PipeWriter> CreateWriterAsync(CancellationToken cancellationToken)
    {
        var stream = await _call.StreamingContent!.StreamTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfCallEnded();
        return _writer = PipeWriter.Create(stream, ClientPipeOptions.Writer);
    }

    private void ThrowIfCallEnded()
    {
        if (_call.CurrentStatus is Status status)
        {
            if (status.StatusCode == StatusCode.OK)
            {
                throw new InvalidOperationException("Can't write the message because the call is complete.");
            }
            throw _call.CreateException();
        }
    }
}
