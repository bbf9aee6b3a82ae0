using ArrHost.Protos.V1;

namespace ArrHost.Client.Internal.Transport;

/// <summary>
/// The arr.v1.Sessions calls the SDK makes, with failures already mapped to
/// <see cref="RemoteRenderingException"/> (transient ones carry the server's retry delay).
/// <c>authorization</c> is the full value of the <c>authorization</c> metadata.
/// </summary>
internal interface ISessionsTransport : IDisposable
{
    Task<AccessToken> GetAccessTokenAsync(GetAccessTokenRequest request, string authorization, CancellationToken cancellationToken);

    Task<Session> CreateSessionAsync(CreateSessionRequest request, string authorization, CancellationToken cancellationToken);

    Task<Session> GetSessionAsync(GetSessionRequest request, string authorization, CancellationToken cancellationToken);

    Task<ListSessionsResponse> ListSessionsAsync(ListSessionsRequest request, string authorization, CancellationToken cancellationToken);

    Task<Session> UpdateSessionAsync(UpdateSessionRequest request, string authorization, CancellationToken cancellationToken);

    Task<Session> StopSessionAsync(StopSessionRequest request, string authorization, CancellationToken cancellationToken);

    /// <summary>The session's events until the server ends the stream (then the sequence ends) or the call fails (then it throws).</summary>
    IAsyncEnumerable<SessionEvent> WatchSessionAsync(WatchSessionRequest request, string authorization, CancellationToken cancellationToken);
}
