using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using ArrHost.Rpc.Internal.Framing;
using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>
/// One client call over one HTTP/2 stream. Owns the request, the response, the deadline and the final status;
/// every way a call can end goes through <see cref="Finish"/>.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IClientCallState
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Metadata EmptyMetadata = new();

    private readonly GrpcChannel _channel;
    private readonly ClientMethod<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private CancellationTokenRegistration _userRegistration;
    private Timer? _deadlineTimer;
    private volatile bool _deadlineExceeded;
    private volatile bool _cancelledByUser;
    private Task<bool> _responseTask = Task.FromResult(false);
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private string? _responseEncoding;
    private StreamingRequestContent? _streamingContent;
    private Status? _status;
    private Metadata? _trailers;

    public GrpcCall(GrpcChannel channel, ClientMethod<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    internal Status? CurrentStatus
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    internal StreamingRequestContent? StreamingContent => _streamingContent;

    internal CancellationToken CallToken => _cts.Token;

    internal GrpcChannel Channel => _channel;

    public Status GetStatus() =>
        _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers() =>
        _status is null ? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.") : _trailers ?? EmptyMetadata;

    /// <summary>Starts the call; <paramref name="request"/> is null for client-streaming and bidi calls.</summary>
    public void Start(TRequest? request)
    {
        RpcLog.ClientCallStarting(_channel.Logger, _method.Path);
        HttpContent content;
        if (request is not null)
        {
            if (_channel.MaxSendMessageSize is int max && request.CalculateSize() > max)
            {
                FailBeforeSend(StatusMapping.SendMessageTooLarge);
                return;
            }
            content = new UnaryRequestContent<TRequest>(request, _channel.CompressRequests);
        }
        else
        {
            _streamingContent = new StreamingRequestContent();
            content = _streamingContent;
        }

        TimeSpan? timeout = null;
        if (_options.Deadline is DateTime deadline && deadline != DateTime.MaxValue)
        {
            var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                _deadlineExceeded = true;
                FailBeforeSend(StatusMapping.DeadlineExceeded);
                return;
            }
            timeout = remaining;
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            if (_options.CancellationToken.IsCancellationRequested)
            {
                _cancelledByUser = true;
                FailBeforeSend(StatusMapping.CancelledByClient);
                return;
            }
            _userRegistration = _options.CancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(byUser: true), this);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = message.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, GrpcProtocolConstants.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageAcceptEncodingHeader, GrpcProtocolConstants.AcceptEncodingValue);
        if (_channel.CompressRequests)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageEncodingHeader, GrpcProtocolConstants.GzipEncoding);
        }
        if (timeout is TimeSpan t)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(t));
            if (t < TimeSpan.FromDays(40))
            {
                _deadlineTimer = new Timer(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(byUser: false), this, t, Timeout.InfiniteTimeSpan);
            }
        }
        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
        }

        _responseTask = SendAsync(message);
    }

    private void FailBeforeSend(Status status)
    {
        var exception = new RpcException(status);
        _streamingContent?.Fail(exception);
        Finish(status, null);
    }

    /// <summary>Sends the request and reads the response headers. False when the call already ended (error or trailers-only).</summary>
    private async Task<bool> SendAsync(HttpRequestMessage message)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(message, _cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var status = Finish(ResolveException(ex), null);
            _streamingContent?.Fail(new RpcException(status));
            return false;
        }

        lock (_lock)
        {
            if (_status is not null)
            {
                response.Dispose();
                return false;
            }
            _response = response;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(StatusMapping.FromHttpStatus(response.StatusCode), null);
            return false;
        }

        var headerMetadata = ReadMetadata(response.Headers);
        if (TryGetStatus(response.Headers, out var trailersOnlyStatus))
        {
            // Trailers-only response: the status came in the headers.
            _headers.TrySetResult(headerMetadata);
            Finish(trailersOnlyStatus, headerMetadata);
            return false;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType is null || !contentType.StartsWith(GrpcProtocolConstants.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}"), null);
            return false;
        }

        if (response.Headers.TryGetValues(GrpcProtocolConstants.MessageEncodingHeader, out var encodings))
        {
            _responseEncoding = encodings.FirstOrDefault();
        }
        _headers.TrySetResult(headerMetadata);

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
            _reader = PipeReader.Create(stream, ClientPipeOptions.Reader);
        }
        catch (Exception ex)
        {
            Finish(ResolveException(ex), null);
            return false;
        }
        return true;
    }

    /// <summary>Reads the next response message; null at the end (the status is then known).</summary>
    public async Task<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        if (!await _responseTask.ConfigureAwait(false) || _reader is null)
        {
            return null;
        }
        if (CurrentStatus is not null)
        {
            return null;
        }

        // A MoveNext token cancels the whole call (as in grpc-dotnet); a registration costs less than a linked source.
        var registration = cancellationToken.CanBeCanceled && cancellationToken != _options.CancellationToken
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(byUser: true), this)
            : default;
        try
        {
            var message = await MessageFraming.ReadMessageAsync(
                _reader, _method.ResponseParser, _channel.MaxReceiveMessageSize, _responseEncoding, _cts.Token).ConfigureAwait(false);
            if (message is null)
            {
                _reader.Complete();
                ReadTrailers();
            }
            return message;
        }
        catch (Exception ex)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _cancelledByUser = true;
            }
            Finish(ResolveException(ex), null);
            _reader.Complete();
            return null;
        }
        finally
        {
            registration.Dispose();
        }
    }

    private void ReadTrailers()
    {
        var response = _response!;
        var trailers = response.TrailingHeaders;
        var status = TryGetStatus(trailers, out var s) ? s : StatusMapping.MissingStatus;
        Finish(status, ReadMetadata(trailers));
    }

    /// <summary>The response of a unary or client-streaming call.</summary>
    public async Task<TResponse> GetResponseAsync()
    {
        var message = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
        if (message is null)
        {
            var status = _status!.Value;
            throw new RpcException(status.StatusCode == StatusCode.OK ? Override(StatusMapping.MissingResponseMessage) : status, _trailers);
        }
        var extra = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
        if (extra is not null)
        {
            throw new RpcException(Override(StatusMapping.AdditionalResponseData), _trailers);
        }
        var final = _status!.Value;
        if (final.StatusCode != StatusCode.OK)
        {
            throw new RpcException(final, _trailers);
        }
        return message;
    }

    /// <summary>Replaces an OK status with an error found after the fact (a missing or extra message).</summary>
    private Status Override(Status status)
    {
        lock (_lock)
        {
            _status = status;
        }
        Cleanup(reset: true);
        return status;
    }

    /// <summary>Records the call's status once; later calls return the first status. Errors reset the stream.</summary>
    internal Status Finish(Status status, Metadata? trailers)
    {
        lock (_lock)
        {
            if (_status is Status existing)
            {
                return existing;
            }
            _status = status;
            _trailers = trailers;
        }
        RpcLog.ClientCallEnded(_channel.Logger, _method.Path, status.StatusCode, status.Detail);
        if (!_headers.Task.IsCompleted)
        {
            if (status.StatusCode == StatusCode.OK)
            {
                _headers.TrySetResult(EmptyMetadata);
            }
            else
            {
                _headers.TrySetException(new RpcException(status, trailers));
                _ = _headers.Task.Exception; // observed: callers that never ask for headers are not errors
            }
        }
        Cleanup(reset: status.StatusCode != StatusCode.OK);
        return status;
    }

    private void Cleanup(bool reset)
    {
        _deadlineTimer?.Dispose();
        _userRegistration.Dispose();
        if (reset)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            _streamingContent?.Abort();
        }
        else
        {
            _streamingContent?.Complete();
        }
        HttpResponseMessage? response;
        lock (_lock)
        {
            response = _response;
        }
        // Disposing an unfinished response resets the HTTP/2 stream (RST_STREAM CANCEL).
        response?.Dispose();
    }

    private void Cancel(bool byUser)
    {
        if (byUser)
        {
            _cancelledByUser = true;
        }
        else
        {
            _deadlineExceeded = true;
        }
        Finish(byUser ? StatusMapping.CancelledByClient : StatusMapping.DeadlineExceeded, null);
    }

    private Status ResolveException(Exception ex) =>
        CurrentStatus ?? StatusMapping.FromClientException(ex, _deadlineExceeded, _cancelledByUser || _options.CancellationToken.IsCancellationRequested);

    /// <summary>Maps a failure of the request stream to the call's status (the server's, if it already answered).</summary>
    internal Status FailFromWrite(Exception ex) => Finish(ResolveException(ex), null);

    internal RpcException CreateException() => new(CurrentStatus ?? StatusMapping.CancelledByClient, _trailers);

    private static bool TryGetStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusTrailer, out var values) || values.Count == 0)
        {
            return false;
        }
        var text = values.ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Unknown, $"Unexpected grpc-status value: {text}");
            return true;
        }
        var detail = headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageTrailer, out var messages)
            ? PercentEncoding.Decode(messages.ToString())
            : "";
        status = new Status((StatusCode)code, detail);
        return true;
    }

    private static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            var key = header.Key;
            if (GrpcProtocolConstants.IsReservedHeader(key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                try
                {
                    MetadataHeaders.AddHeader(metadata, key.ToLowerInvariant(), value);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    // Not valid metadata: skipped.
                }
            }
        }
        return metadata;
    }

    public void Dispose()
    {
        if (_status is null)
        {
            _cancelledByUser = true;
            Finish(StatusMapping.CancelledByClient, null);
        }
    }
}
