using ArrHost.Protos.V1;

namespace ArrHost.Client.Internal.Transport;

/// <summary>Opens Render/Connect streams to render hosts.</summary>
internal interface IRenderTransport
{
    /// <summary>Starts a Render/Connect call to the host at <paramref name="endpoint"/>.</summary>
    IRenderStream Connect(string endpoint, CancellationToken cancellationToken);
}

/// <summary>
/// One Render/Connect call. Writes must not overlap (the connection has one writer); reads must
/// not overlap (the connection has one reader). Failures surface as <see cref="RemoteRenderingException"/>.
/// </summary>
internal interface IRenderStream : IAsyncDisposable
{
    Task WriteAsync(ClientMessage message, CancellationToken cancellationToken);

    /// <summary>Half-closes the request stream.</summary>
    Task CompleteAsync();

    /// <summary>The next message, or null when the host ended the stream.</summary>
    ValueTask<ServerMessage?> ReadAsync(CancellationToken cancellationToken);
}
