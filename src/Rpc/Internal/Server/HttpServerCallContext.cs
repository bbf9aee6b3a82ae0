using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>The server call over one HTTP/2 request: deadline, encodings, metadata and the final status.</summary>
internal sealed class HttpServerCallContext : ServerCallContext, IAsyncDisposable
{
    private readonly HttpContext _httpContext;
    private readonly RpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _method;
    private CancellationTokenSource? _cts;
    private Timer? _deadlineTimer;
    private volatile bool _deadlineExceeded;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Status _status = Status.DefaultSuccess;
    private CancellationToken _token;

    // Held by a message write (with its flush), by ending the call, and by the deadline completing the call, so
    // that the response is never written from two threads. Also the "write in progress" guard.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _disposed;
    private DateTime _deadline = DateTime.MaxValue;

    public HttpServerCallContext(HttpContext httpContext, RpcServerOptions options, string method, ILogger logger)
    {
        _httpContext = httpContext;
        _options = options;
        _method = method;
        _logger = logger;
        _token = httpContext.RequestAborted;
    }

    public override string Method => _method;

    public override string Peer
    {
        get
        {
            var connection = _httpContext.Connection;
            var ip = connection.RemoteIpAddress;
            if (ip is null)
            {
                return "unknown";
            }
            return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"ipv6:[{ip}]:{connection.RemotePort}"
                : $"ipv4:{ip}:{connection.RemotePort}";
        }
    }

    public override DateTime Deadline => _deadline;

    public override CancellationToken CancellationToken => _token;

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status
    {
        get => _status;
        set => _status = value;
    }

    public string? RequestEncoding { get; private set; }

    public bool CompressResponse { get; private set; }

    /// <summary>True once a message was written (perhaps not flushed): the status then goes into trailers.</summary>
    public bool ResponseBodyStarted { get; set; }

    /// <summary>True once the status was written; later writes fail.</summary>
    public bool Completed { get; private set; }

    /// <summary>Takes the write lock if free; false while another write or the end of the call holds it.</summary>
    public bool TryEnterWrite() => _writeLock.Wait(0);

    public void ExitWrite() => _writeLock.Release();

    public PipeReader RequestReader => _httpContext.Request.BodyReader;

    public PipeWriter ResponseWriter => _httpContext.Response.BodyWriter;

    public int MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    public int? MaxSendMessageSize => _options.MaxSendMessageSize;

    public override HttpContext GetHttpContext() => _httpContext;

    /// <summary>Reads the protocol headers, starts the deadline and prepares the response headers.</summary>
    public void Initialize()
    {
        var request = _httpContext.Request;
        var response = _httpContext.Response;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = GrpcProtocolConstants.AcceptEncodingValue;

        var encoding = request.Headers[GrpcProtocolConstants.MessageEncodingHeader].ToString();
        if (encoding.Length > 0)
        {
            if (encoding != GrpcProtocolConstants.IdentityEncoding && encoding != GrpcProtocolConstants.GzipEncoding)
            {
                throw new RpcException(StatusMapping.UnsupportedEncoding(encoding));
            }
            RequestEncoding = encoding;
        }

        if (_options.EnableResponseCompression)
        {
            var accept = request.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader].ToString();
            if (accept.Contains(GrpcProtocolConstants.GzipEncoding, StringComparison.Ordinal))
            {
                CompressResponse = true;
                response.Headers[GrpcProtocolConstants.MessageEncodingHeader] = GrpcProtocolConstants.GzipEncoding;
            }
        }

        // Last: a deadline that has already passed completes the response at once.
        var timeout = request.Headers[GrpcProtocolConstants.TimeoutHeader];
        if (timeout.Count > 0)
        {
            if (GrpcTimeout.TryParse(timeout.ToString(), out var span))
            {
                StartDeadline(span);
            }
            else
            {
                RpcLog.InvalidTimeout(_logger, timeout.ToString());
            }
        }
    }

    private void StartDeadline(TimeSpan timeout)
    {
        // Timers hold at most ~49 days; anything longer is no deadline in practice.
        if (timeout > TimeSpan.FromDays(40))
        {
            return;
        }
        _deadline = DateTime.UtcNow + timeout;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(_httpContext.RequestAborted);
        _token = _cts.Token;
        if (timeout <= TimeSpan.Zero)
        {
            OnDeadline(this);
            return;
        }
        _deadlineTimer = new Timer(static s => OnDeadline((HttpServerCallContext)s!), this, timeout, Timeout.InfiniteTimeSpan);
    }

    private static void OnDeadline(HttpServerCallContext context)
    {
        context._deadlineExceeded = true;
        try
        {
            context._cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _ = context.CompleteOnDeadlineAsync();
    }

    /// <summary>
    /// Ends the call with DEADLINE_EXCEEDED at once, even if the handler ignores its token. When a write is in
    /// progress it is being cancelled, and the handler's own end of the call reports the deadline instead.
    /// </summary>
    private async Task CompleteOnDeadlineAsync()
    {
        if (!_writeLock.Wait(0))
        {
            return;
        }
        try
        {
            if (_disposed || Completed || _httpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            EndCall(StatusMapping.DeadlineExceeded);
            await _httpContext.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away meanwhile; nothing is left to tell it.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the call with the handler's status (or the status of what it threw), under the write lock.</summary>
    public async Task CompleteCallAsync(Exception? exception)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (exception is null)
            {
                EndCall(_status);
            }
            else
            {
                ProcessHandlerError(exception);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (!TryEnterWrite())
        {
            throw new InvalidOperationException("Can't write the response headers while a write is in progress or the call is ending.");
        }
        try
        {
            var response = _httpContext.Response;
            if (Completed)
            {
                throw new InvalidOperationException("Can't write the response headers because the call is complete.");
            }
            if (response.HasStarted || ResponseBodyStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }
            foreach (var entry in responseHeaders)
            {
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    response.Headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
            await response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>Maps what the handler threw to a status: the one place where server failures become statuses.</summary>
    public Status ResolveException(Exception exception, out Metadata? trailers)
    {
        trailers = null;
        if (exception is RpcException rpc)
        {
            trailers = rpc.Trailers;
            return rpc.Status;
        }
        if (_httpContext.RequestAborted.IsCancellationRequested || exception is IOException or ConnectionResetException)
        {
            return StatusMapping.CancelledByClient;
        }
        if (_deadlineExceeded)
        {
            return StatusMapping.DeadlineExceeded;
        }
        if (_options.ExceptionMapper?.Invoke(exception) is Status mapped)
        {
            return mapped;
        }
        RpcLog.HandlerError(_logger, _method, exception);
        return StatusMapping.HandlerException;
    }

    private void ProcessHandlerError(Exception exception)
    {
        var status = ResolveException(exception, out var trailers);
        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                ResponseTrailers.Add(entry);
            }
        }
        EndCall(status);
    }

    /// <summary>Writes the status: into the headers when nothing was sent yet (trailers-only), else into the trailers.</summary>
    private void EndCall(Status status)
    {
        if (Completed)
        {
            return;
        }
        Completed = true;

        if (_deadlineExceeded && status.StatusCode is StatusCode.OK or StatusCode.Cancelled)
        {
            status = StatusMapping.DeadlineExceeded;
        }
        if (_httpContext.RequestAborted.IsCancellationRequested)
        {
            RpcLog.CallCancelledByClient(_logger, _method);
            return;
        }
        if (status.StatusCode == StatusCode.DeadlineExceeded)
        {
            RpcLog.DeadlineExceeded(_logger, _method);
        }
        else if (status.StatusCode != StatusCode.OK)
        {
            RpcLog.CallFailed(_logger, _method, status.StatusCode, status.Detail);
        }

        var response = _httpContext.Response;
        if (!response.HasStarted && !ResponseBodyStarted)
        {
            GrpcServerResponses.SetTrailersOnlyStatus(response, status);
            if (_responseTrailers is not null)
            {
                foreach (var entry in _responseTrailers)
                {
                    if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                    {
                        response.Headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
                    }
                }
            }
            return;
        }

        var trailersFeature = _httpContext.Features.Get<IHttpResponseTrailersFeature>();
        if (trailersFeature is null)
        {
            // Not HTTP/2 (never the case on a gRPC endpoint): nothing can carry the status.
            return;
        }
        var trailers = trailersFeature.Trailers;
        trailers[GrpcProtocolConstants.StatusTrailer] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            trailers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }
        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    trailers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
        }
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _httpContext.Request.Headers)
        {
            if (GrpcProtocolConstants.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    try
                    {
                        MetadataHeaders.AddHeader(metadata, header.Key, value);
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException)
                    {
                        // A header that is not valid metadata (bad base64, odd key) is skipped, not fatal.
                    }
                }
            }
        }
        return metadata;
    }

    public async ValueTask DisposeAsync()
    {
        _deadlineTimer?.Dispose();
        // Waits for a deadline completion in flight: the HttpContext must not be touched once the request ends.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        _writeLock.Release();
        _cts?.Dispose();
    }
}
