using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ArrHost.Client.Internal.Transport;
using ArrHost.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace ArrHost.Client.Tests.Sdk.Fakes;

/// <summary>An in-memory Sessions service: records calls, can fail them on demand, and feeds watch streams from the test.</summary>
internal sealed class FakeSessionsTransport : ISessionsTransport
{
    public ConcurrentDictionary<string, Session> Sessions { get; } = new();

    public ConcurrentQueue<(string Method, string Authorization)> Calls { get; } = new();

    /// <summary>Errors to throw, in order, before a call of that method succeeds.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<Exception>> Failures { get; } = new();

    /// <summary>Watch streams the test writes to; each WatchSession call takes the next one.</summary>
    public ConcurrentQueue<Channel<SessionEvent>> Watches { get; } = new();

    public int TokensIssued;

    public DateTimeOffset TokenExpiry { get; set; } = DateTimeOffset.UtcNow.AddHours(24);

    public Session AddSession(string id, SessionStatus status = SessionStatus.Starting)
    {
        var s = new Session { Id = id, Status = status, Size = SessionSize.Standard, MaxLeaseTimeMinutes = 60, CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        if (status == SessionStatus.Ready)
        {
            s.RenderEndpoint = "http://127.0.0.1:1";
            s.ConnectionToken = "conn-token";
        }

        Sessions[id] = s;
        return s;
    }

    public void FailNext(string method, Exception error) => Failures.GetOrAdd(method, _ => new()).Enqueue(error);

    public Channel<SessionEvent> AddWatch()
    {
        var c = Channel.CreateUnbounded<SessionEvent>();
        Watches.Enqueue(c);
        return c;
    }

    public Task<AccessToken> GetAccessTokenAsync(GetAccessTokenRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("GetAccessToken", authorization);
        var n = Interlocked.Increment(ref TokensIssued);
        return Task.FromResult(new AccessToken { Token = "token-" + n, AccountId = request.AccountId, ExpiresAt = Timestamp.FromDateTimeOffset(TokenExpiry) });
    }

    public Task<Session> CreateSessionAsync(CreateSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("CreateSession", authorization);
        var s = Sessions.GetOrAdd(request.SessionId, id => new Session
        {
            Id = id,
            Size = request.Size,
            MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes,
            Status = SessionStatus.Starting,
            CreationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        return Task.FromResult(s.Clone());
    }

    public Task<Session> GetSessionAsync(GetSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("GetSession", authorization);
        return Task.FromResult(Find(request.SessionId).Clone());
    }

    public Task<ListSessionsResponse> ListSessionsAsync(ListSessionsRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("ListSessions", authorization);
        var all = Sessions.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var start = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken);
        var size = request.PageSize == 0 ? 100 : request.PageSize;
        var page = new ListSessionsResponse();
        page.Sessions.AddRange(all.Skip(start).Take(size));
        if (start + size < all.Count) page.NextPageToken = (start + size).ToString();
        return Task.FromResult(page);
    }

    public Task<Session> UpdateSessionAsync(UpdateSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("UpdateSession", authorization);
        var s = Find(request.SessionId);
        s.MaxLeaseTimeMinutes = request.MaxLeaseTimeMinutes;
        return Task.FromResult(s.Clone());
    }

    public Task<Session> StopSessionAsync(StopSessionRequest request, string authorization, CancellationToken cancellationToken)
    {
        Enter("StopSession", authorization);
        var s = Find(request.SessionId);
        s.Status = SessionStatus.Stopped;
        return Task.FromResult(s.Clone());
    }

    public async IAsyncEnumerable<SessionEvent> WatchSessionAsync(WatchSessionRequest request, string authorization, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Enter("WatchSession", authorization);
        if (!Watches.TryDequeue(out var watch)) throw new RemoteRenderingException(RemoteRenderingErrorCodes.Unavailable, "no watch prepared");
        await foreach (var ev in watch.Reader.ReadAllAsync(cancellationToken))
        {
            yield return ev;
        }
    }

    public void Dispose()
    {
    }

    private void Enter(string method, string authorization)
    {
        Calls.Enqueue((method, authorization));
        if (Failures.TryGetValue(method, out var q) && q.TryDequeue(out var error)) throw error;
    }

    private Session Find(string id) =>
        Sessions.TryGetValue(id, out var s) ? s : throw new RemoteRenderingException(RemoteRenderingErrorCodes.NotFound, $"session '{id}' not found");
}
