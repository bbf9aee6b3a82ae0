using Microsoft.AspNetCore.Http;

namespace ArrHost.Rpc;

/// <summary>The server side of one call: its method, peer, deadline, metadata and status.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, e.g. "/arr.v1.Sessions/Create".</summary>
    public abstract string Method { get; }

    /// <summary>The client's address, e.g. "ipv4:127.0.0.1:51234".</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline (UTC) from grpc-timeout, or <see cref="DateTime.MaxValue"/>.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>Cancelled when the client cancels or resets the call, or when the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the status at the end of the call.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent when the handler returns normally (OK unless set).</summary>
    public abstract Status Status { get; set; }

    /// <summary>Sends the response headers now, with this metadata. At most once, before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    public abstract HttpContext GetHttpContext();
}
