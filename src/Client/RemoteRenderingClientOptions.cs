namespace ArrHost.Client;

/// <summary>Where and how a <c>RemoteRenderingClient</c> reaches a region's control plane.</summary>
public sealed class RemoteRenderingClientOptions
{
    /// <summary>The control plane's gRPC endpoint, e.g. <c>http://127.0.0.1:50050</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The account id (uuid).</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The account key; exchanged for a 24 h access token, never sent elsewhere.</summary>
    public string AccountKey { get; set; } = "";
}
