using System.Security.Cryptography;
using ArrHost.Protos.V1;

namespace ArrHost.RenderHost.Sessions;

/// <summary>The session a host is leased to, with the hash of its connection token.</summary>
internal sealed class Lease : IDisposable
{
    private readonly byte[] _tokenHash;
    private readonly CancellationTokenSource _ended = new();

    public Lease(LeaseOrder order)
    {
        SessionId = order.SessionId;
        AccountId = order.AccountId;
        Size = order.Size;
        _tokenHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(order.ConnectionToken));
    }

    public string SessionId { get; }
    public string AccountId { get; }
    public SessionSize Size { get; }

    /// <summary>Fires when the session ends (stop, expiry, error, host shutdown); the connected client is closed at once.</summary>
    public CancellationToken Ended => _ended.Token;

    public GoodbyeReason EndReason { get; private set; }
    public string EndMessage { get; private set; } = "";

    public bool TokenMatches(string token) =>
        CryptographicOperations.FixedTimeEquals(_tokenHash, SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public void End(GoodbyeReason reason, string message)
    {
        if (_ended.IsCancellationRequested) return;
        EndReason = reason;
        EndMessage = message;
        _ended.Cancel();
    }

    public void Dispose() => _ended.Dispose();
}
