namespace ArrHost.Client.Internal.Transport;

/// <summary>Opens Render/Connect streams to render hosts.</summary>
internal interface IRenderTransport
{
    /// <summary>Starts a Render/Connect call to the host at <paramref name="endpoint"/>.</summary>
    IRenderStream Connect(string endpoint, CancellationToken cancellationToken);
}
