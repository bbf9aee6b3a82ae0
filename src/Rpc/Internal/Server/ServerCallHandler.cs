using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>
/// The shared part of every server call: protocol checks, limits, interceptors, service activation, and turning
/// whatever ends the call into one status.
/// </summary>
internal abstract class ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly ServiceActivator<TService> _activator;
    private readonly RpcServerOptions _options;
    private readonly ILogger _logger;

    protected ServerCallHandler(string path, MessageParser<TRequest> parser, ServiceActivator<TService> activator, RpcServerOptions options, ILogger logger)
    {
        Path = path;
        Parser = parser;
        _activator = activator;
        _options = options;
        _logger = logger;
    }

    public string Path { get; }

    protected MessageParser<TRequest> Parser { get; }

    public Task HandleCallAsync(HttpContext httpContext)
    {
        if (!GrpcServerResponses.IsGrpcContentType(httpContext.Request.ContentType))
        {
            RpcLog.UnsupportedContentType(_logger, Path, httpContext.Request.ContentType);
            return GrpcServerResponses.WriteUnsupportedContentTypeAsync(httpContext);
        }
        if (!string.Equals(httpContext.Request.Protocol, GrpcProtocolConstants.Http2Protocol, StringComparison.Ordinal))
        {
            return GrpcServerResponses.WriteProtocolErrorAsync(httpContext);
        }
        return HandleGrpcCallAsync(httpContext);
    }

    private async Task HandleGrpcCallAsync(HttpContext httpContext)
    {
        LiftRequestLimits(httpContext);
        var context = new HttpServerCallContext(httpContext, _options, Path, _logger);
        TService? service = null;
        var created = false;
        try
        {
            RpcLog.CallStarting(_logger, Path);
            context.Initialize();
            var interceptors = _options.Interceptors;
            for (var i = 0; i < interceptors.Count; i++)
            {
                await interceptors[i].OnCallStartingAsync(context).ConfigureAwait(false);
            }
            service = _activator.Create(httpContext.RequestServices, out created);
            await HandleCallCoreAsync(service, context).ConfigureAwait(false);
            await context.CompleteCallAsync(null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await context.CompleteCallAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            if (created && service is not null)
            {
                await ServiceActivator<TService>.ReleaseAsync(service).ConfigureAwait(false);
            }
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected abstract Task HandleCallCoreAsync(TService service, HttpServerCallContext context);

    private static void LiftRequestLimits(HttpContext httpContext)
    {
        // Long-lived streams must not be cut by a body size limit or a minimum data rate.
        var maxSize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxSize is { IsReadOnly: false })
        {
            maxSize.MaxRequestBodySize = null;
        }
        var minRate = httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (minRate is not null)
        {
            try
            {
                minRate.MinDataRate = null;
            }
            catch (NotSupportedException)
            {
                // HTTP/2 streams share the connection's rate; ListenRpc lifts it there.
            }
        }
    }
}
