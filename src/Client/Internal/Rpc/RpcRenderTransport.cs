using ArrHost.Protos.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>arr.v1.Render/Connect over the project's gRPC client; one channel per stream.</summary>
internal sealed class RpcRenderTransport(Action<GrpcChannelOptions>? configureChannel, Interceptor[] interceptors, Func<Uri, Uri>? mapEndpoint = null) : Transport.IRenderTransport
{
    public Transport.IRenderStream Connect(string endpoint, CancellationToken cancellationToken)
    {
        var address = new Uri(endpoint);
        var channel = RpcTransports.OpenChannel(mapEndpoint?.Invoke(address) ?? address, configureChannel);
        try
        {
            var client = new Render.RenderClient(RpcTransports.Invoker(channel, interceptors));
            var call = client.Connect(new CallOptions(cancellationToken: cancellationToken));
            return new Stream(channel, call);
        }
        catch (RpcException ex)
        {
            channel.Dispose();
            throw RpcErrors.Map(ex, cancellationToken);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    private sealed class Stream(GrpcChannel channel, AsyncDuplexStreamingCall<ClientMessage, ServerMessage> call) : Transport.IRenderStream
    {
        public async Task WriteAsync(ClientMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                throw RpcErrors.Map(ex, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException)
            {
                throw new RemoteRenderingException(RemoteRenderingErrorCodes.ConnectionClosed, "The render stream is closed: " + ex.Message, ex);
            }
        }

        public async Task CompleteAsync()
        {
            try
            {
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or InvalidOperationException)
            {
                // Already closed by the other side: nothing left to half-close.
            }
        }

        public async ValueTask<ServerMessage?> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) ? call.ResponseStream.Current : null;
            }
            catch (RpcException ex)
            {
                throw RpcErrors.Map(ex, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "The render stream broke: " + ex.Message, ex);
            }
        }

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            channel.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
