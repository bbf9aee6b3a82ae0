using ArrHost.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ArrHost.Client.Internal.Rpc;

/// <summary>Creates the default (gRPC) transports, with the channel options and interceptors of the client's options.</summary>
internal static class RpcTransports
{
    public static Transport.ISessionsTransport CreateSessions(RemoteRenderingClientOptions options) =>
        new RpcSessionsTransport(OpenChannel(options.Endpoint!, ChannelOptions(options)), options.Interceptors.ToArray());

    public static Transport.IRenderTransport CreateRender(RemoteRenderingClientOptions options) =>
        new RpcRenderTransport(ChannelOptions(options), options.Interceptors.ToArray(), options.MapRenderEndpoint);

    /// <summary>The trusted authority's handler first (when set), then the user's own changes, which win.</summary>
    private static Action<GrpcChannelOptions>? ChannelOptions(RemoteRenderingClientOptions options)
    {
        if (options.TrustedCertificateAuthority is not { } authority) return options.ConfigureChannel;
        return o =>
        {
            o.HttpHandler = RpcChannels.CreateHandler(authority);
            options.ConfigureChannel?.Invoke(o);
        };
    }

    public static GrpcChannel OpenChannel(Uri endpoint, Action<GrpcChannelOptions>? configure) => RpcChannels.ForAddress(endpoint, configure);

    /// <summary>The channel's invoker with the interceptors applied, the first one outermost.</summary>
    public static CallInvoker Invoker(GrpcChannel channel, Interceptor[] interceptors) =>
        // Intercept(params) wraps in reverse order, so the first one listed runs first.
        interceptors.Length == 0 ? channel.CreateCallInvoker() : channel.Intercept(interceptors);
}
