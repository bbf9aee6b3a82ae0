using ArrHost.Protos.V1;

namespace ArrHost.Client.Internal.Transport;

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
