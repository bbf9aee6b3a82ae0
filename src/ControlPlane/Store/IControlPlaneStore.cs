using ArrHost.ControlPlane.Domain;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Store;

/// <summary>
/// Durable state of a region: sessions, hosts' last known state, accounts, usage and settings.
/// Every state change is a conditional write, so several control-plane replicas can share one store.
/// </summary>
internal interface IControlPlaneStore : IAsyncDisposable
{
    /// <summary>Creates the schema or applies missing migrations.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>Inserts a session unless the id exists in the account or the account already has <paramref name="quota"/> active sessions.</summary>
    Task<InsertOutcome> InsertSessionAsync(SessionRecord session, int quota, CancellationToken ct);

    Task<SessionRecord?> GetSessionAsync(SessionKey key, CancellationToken ct);

    /// <summary>Writes the session if its stored version is <paramref name="expectedVersion"/>; bumps the version. False on a lost race.</summary>
    Task<bool> UpdateSessionAsync(SessionRecord session, long expectedVersion, CancellationToken ct);

    /// <summary>Newest first; <paramref name="cursor"/> from a previous page.</summary>
    Task<SessionPage> ListSessionsAsync(string accountId, bool includeEnded, int pageSize, string? cursor, CancellationToken ct);

    /// <summary>All Starting and Ready sessions of the region (timer recovery).</summary>
    Task<IReadOnlyList<SessionRecord>> ListActiveSessionsAsync(CancellationToken ct);

    /// <summary>Deletes sessions that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    Task<int> PurgeEndedSessionsAsync(DateTimeOffset endedBefore, CancellationToken ct);

    Task UpsertHostAsync(HostRecord host, CancellationToken ct);

    Task<HostRecord?> GetHostAsync(string hostId, CancellationToken ct);

    Task<IReadOnlyList<HostRecord>> ListHostsAsync(CancellationToken ct);

    /// <summary>Atomically moves one Idle host of the size and region to Reserved for the session; null when none is free.</summary>
    Task<HostRecord?> ReserveHostAsync(string region, SessionSize size, SessionKey session, CancellationToken ct);

    /// <summary>Sets the host's state (and session) if it currently serves <paramref name="expectedSession"/> (null: any). False otherwise.</summary>
    Task<bool> SetHostStateAsync(string hostId, HostState state, SessionKey? session, SessionKey? expectedSession, CancellationToken ct);

    Task TouchHostAsync(string hostId, DateTimeOffset heartbeat, CancellationToken ct);

    Task UpsertAccountAsync(string accountId, string keyHash, CancellationToken ct);

    Task<string?> GetAccountKeyHashAsync(string accountId, CancellationToken ct);

    /// <summary>Records billed usage once per session (later calls for the same session are ignored).</summary>
    Task AddUsageAsync(UsageRow usage, CancellationToken ct);

    /// <summary>Usage rows of the account overlapping [from, to).</summary>
    Task<IReadOnlyList<UsageRow>> ListUsageAsync(string accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Inserts a conversion; false when the id already exists in the account (nothing is changed then).</summary>
    Task<bool> InsertConversionAsync(ConversionRecord conversion, CancellationToken ct);

    Task<ConversionRecord?> GetConversionAsync(string accountId, string id, CancellationToken ct);

    /// <summary>Writes status, output and error if the stored version is <paramref name="expectedVersion"/>; bumps the version. False on a lost race.</summary>
    Task<bool> UpdateConversionAsync(ConversionRecord conversion, long expectedVersion, CancellationToken ct);

    /// <summary>Newest first; <paramref name="cursor"/> from a previous page.</summary>
    Task<ConversionPage> ListConversionsAsync(string accountId, int pageSize, string? cursor, CancellationToken ct);

    /// <summary>Conversions of every account that are NotStarted or Running (resumed after a restart).</summary>
    Task<IReadOnlyList<ConversionRecord>> ListUnfinishedConversionsAsync(CancellationToken ct);

    /// <summary>Returns the stored setting, storing <paramref name="valueIfAbsent"/> first when there is none (first writer wins).</summary>
    Task<string> GetOrAddSettingAsync(string name, string valueIfAbsent, CancellationToken ct);
}
