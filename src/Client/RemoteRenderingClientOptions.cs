using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ArrHost.Client;

/// <summary>Where and how a <see cref="RemoteRenderingClient"/> reaches a region's control plane.</summary>
public sealed class RemoteRenderingClientOptions
{
    /// <summary>The control plane's gRPC endpoint, e.g. <c>http://127.0.0.1:50050</c> (or https when the region has a certificate).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The account id (uuid).</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The account key; exchanged for a 24 h access token, never sent elsewhere.</summary>
    public string AccountKey { get; set; } = "";

    /// <summary>A free-form client name the render host logs (sent in the connection's hello).</summary>
    public string ClientName { get; set; } = "arrhost-sdk/1.0";

    /// <summary>
    /// How long before its expiry a cached access token is replaced by a fresh one. Default 5 minutes.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest interval between two <see cref="RenderingSession.GetPropertiesAsync"/> polls the SDK
    /// advises (returned as <see cref="RenderingSessionPropertiesResult.MinimumRetryDelay"/>). The real
    /// service told clients to wait 5-10 s between polls; default 5 s. A larger delay asked by the
    /// server (rate limiting) wins.
    /// </summary>
    public TimeSpan MinimumPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How calls that fail with a transient error (unavailable, rate limited) are retried.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Changes the options of every gRPC channel the client opens (to the control plane and to render hosts) before
    /// it is made: e.g. your own <see cref="GrpcChannelOptions.HttpHandler"/> (a proxy, TLS settings, a test
    /// handler), <see cref="GrpcChannelOptions.Credentials"/>, or message size limits. By default channels use a
    /// SocketsHttpHandler tuned for HTTP/2 streams of large frames.
    /// </summary>
    public Action<GrpcChannelOptions>? ConfigureChannel { get; set; }

    /// <summary>
    /// A certificate authority (or self-signed server certificate) to trust for https endpoints besides the system's
    /// roots: e.g. the development certificate <c>arr region --https</c> writes (its path is <c>caCertificate</c> in
    /// out/region.json). Load one with <see cref="LoadCertificateAuthority"/>. Applied before <see cref="ConfigureChannel"/>.
    /// </summary>
    public X509Certificate2? TrustedCertificateAuthority { get; set; }

    /// <summary>Loads a PEM or DER certificate file for <see cref="TrustedCertificateAuthority"/>.</summary>
    public static X509Certificate2 LoadCertificateAuthority(string path) => ArrHost.Rpc.RpcTls.LoadAuthority(path);

    /// <summary>
    /// Rewrites the render endpoint the control plane announces for a session before the client connects to it:
    /// for a render host reached through a port-forward, a NAT or a proxy (<c>kubectl port-forward</c>, a network
    /// emulator between client and host). Null, the default, connects to the announced endpoint.
    /// </summary>
    public Func<Uri, Uri>? MapRenderEndpoint { get; set; }

    /// <summary>Client interceptors every call passes through, outermost first (logging, tracing, extra headers).</summary>
    public IList<Interceptor> Interceptors { get; } = new List<Interceptor>();

    /// <summary>Checks the options and throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("Endpoint must be an absolute URI, e.g. http://127.0.0.1:50050.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(AccountId)) throw new ArgumentException("AccountId is required.", nameof(AccountId));
        if (string.IsNullOrEmpty(AccountKey)) throw new ArgumentException("AccountKey is required.", nameof(AccountKey));
        if (TokenRefreshMargin < TimeSpan.Zero) throw new ArgumentException("TokenRefreshMargin must not be negative.", nameof(TokenRefreshMargin));
        if (MinimumPollInterval < TimeSpan.Zero) throw new ArgumentException("MinimumPollInterval must not be negative.", nameof(MinimumPollInterval));
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        Retry.Validate();
    }
}
