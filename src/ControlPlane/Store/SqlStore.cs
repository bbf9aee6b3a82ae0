using System.Data.Common;
using System.Text;
using ArrHost.ControlPlane.Domain;
using ArrHost.Protos.V1;
using Google.Protobuf;

namespace ArrHost.ControlPlane.Store;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL stores. Times are stored as UTC ticks, enums as
/// integers; every session write is conditional on the version read, every host reservation on
/// the host being Idle, so concurrent writers (threads or replicas) never lease a host twice.
/// </summary>
internal abstract class SqlStore : IControlPlaneStore
{
    private const string SessionColumns =
        "account_id, id, region, size, status, creation_ticks, ready_ticks, end_ticks, lease_minutes, host_id, " +
        "render_endpoint, token_nonce, error_code, error_message, stage, version";

    private const string HostColumns =
        "host_id, region, size, render_endpoint, state, session_account, session_id, capabilities, last_heartbeat_ticks";

    private const string ConversionColumns =
        "account_id, id, input_container, input_sas, input_prefix, input_path, output_container, output_sas, output_prefix, output_name, " +
        "status, creation_ticks, end_ticks, output_uri, error_code, error_message, version";

    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Serializes writers where the database needs it (SQLite); a no-op elsewhere.</summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Takes a transaction-scoped lock on the account (quota checks), where the database needs one.</summary>
    protected virtual Task LockAccountAsync(DbConnection conn, DbTransaction tx, string accountId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The UPDATE that reserves one idle host; parameters @reserved @idle @r @z @a @s; returns host_id.</summary>
    protected abstract string ReserveHostSql { get; }

    /// <summary>The schema migrations in order; index + 1 is the version.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    protected virtual Task LockMigrationsAsync(DbConnection conn, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public virtual async Task InitializeAsync(CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockMigrationsAsync(conn, tx, ct);
        await ExecAsync(conn, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ticks BIGINT NOT NULL)", ct);
        var current = Convert.ToInt64(await ScalarAsync(conn, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct) ?? 0L);
        for (var i = (int)current; i < Migrations.Count; i++)
        {
            await ExecAsync(conn, tx, Migrations[i], ct);
            await ExecAsync(conn, tx, "INSERT INTO schema_migrations (version, applied_ticks) VALUES (@v, @t)", ct,
                ("v", i + 1), ("t", DateTime.UtcNow.Ticks));
        }
        await tx.CommitAsync(ct);
    }

    public async Task<InsertOutcome> InsertSessionAsync(SessionRecord s, int quota, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAccountAsync(conn, tx, s.AccountId, ct);
        var exists = await ScalarAsync(conn, tx, "SELECT 1 FROM sessions WHERE account_id = @a AND id = @i", ct, ("a", s.AccountId), ("i", s.Id));
        if (exists is not null) return InsertOutcome.AlreadyExists;
        var active = Convert.ToInt64(await ScalarAsync(conn, tx,
            "SELECT COUNT(*) FROM sessions WHERE account_id = @a AND status IN (1, 2)", ct, ("a", s.AccountId)));
        if (active >= quota) return InsertOutcome.QuotaExceeded;
        await ExecAsync(conn, tx,
            $"INSERT INTO sessions ({SessionColumns}) VALUES (@a, @i, @region, @size, @status, @ct, @rt, @et, @lease, @host, @ep, @nonce, @ec, @em, @stage, @ver)",
            ct, SessionParams(s, s.Version));
        await tx.CommitAsync(ct);
        return InsertOutcome.Inserted;
    }

    public async Task<SessionRecord?> GetSessionAsync(SessionKey key, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {SessionColumns} FROM sessions WHERE account_id = @a AND id = @i", ("a", key.AccountId), ("i", key.Id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadSession(r) : null;
    }

    public async Task<bool> UpdateSessionAsync(SessionRecord s, long expectedVersion, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        var n = await ExecAsync(conn, null,
            "UPDATE sessions SET size = @size, status = @status, ready_ticks = @rt, end_ticks = @et, lease_minutes = @lease, " +
            "host_id = @host, render_endpoint = @ep, token_nonce = @nonce, error_code = @ec, error_message = @em, stage = @stage, version = @ver " +
            "WHERE account_id = @a AND id = @i AND version = @expected",
            ct, [.. SessionParams(s, expectedVersion + 1), ("expected", expectedVersion)]);
        if (n == 1) s.Version = expectedVersion + 1;
        return n == 1;
    }

    public async Task<SessionPage> ListSessionsAsync(string accountId, bool includeEnded, int pageSize, string? cursor, CancellationToken ct)
    {
        var (list, next) = await ReadPageAsync($"SELECT {SessionColumns} FROM sessions WHERE account_id = @a" + (includeEnded ? "" : " AND status IN (1, 2)"),
            accountId, pageSize, cursor, ReadSession, s => (s.CreationTime.UtcTicks, s.Id), ct);
        return new SessionPage(list, next);
    }

    /// <summary>
    /// One page of an account's rows, newest first, by keyset (creation time, id): the cursor names the last row of
    /// the page before. <paramref name="selectFromWhere"/> filters on account_id = @a and may add conditions.
    /// </summary>
    private async Task<(List<T> Rows, string? Next)> ReadPageAsync<T>(string selectFromWhere, string accountId, int pageSize, string? cursor,
        Func<DbDataReader, T> read, Func<T, (long Ticks, string Id)> key, CancellationToken ct)
    {
        var sql = new StringBuilder(selectFromWhere);
        var ps = new List<(string, object?)> { ("a", accountId), ("n", pageSize + 1) };
        if (cursor is not null)
        {
            var (ticks, id) = DecodeCursor(cursor);
            sql.Append(" AND (creation_ticks < @ct OR (creation_ticks = @ct AND id < @cid))");
            ps.Add(("ct", ticks));
            ps.Add(("cid", id));
        }
        sql.Append(" ORDER BY creation_ticks DESC, id DESC LIMIT @n");
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, sql.ToString(), [.. ps]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<T>(Math.Min(pageSize + 1, 1024));
        while (await r.ReadAsync(ct)) list.Add(read(r));
        if (list.Count <= pageSize) return (list, null);
        list.RemoveAt(list.Count - 1);
        var (lastTicks, lastId) = key(list[^1]);
        return (list, EncodeCursor(lastTicks, lastId));
    }

    public async Task<IReadOnlyList<SessionRecord>> ListActiveSessionsAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {SessionColumns} FROM sessions WHERE status IN (1, 2)");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<SessionRecord>();
        while (await r.ReadAsync(ct)) list.Add(ReadSession(r));
        return list;
    }

    public async Task<int> PurgeEndedSessionsAsync(DateTimeOffset endedBefore, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        return await ExecAsync(conn, null, "DELETE FROM sessions WHERE status IN (3, 4, 5) AND end_ticks < @t", ct, ("t", endedBefore.UtcTicks));
    }

    public async Task UpsertHostAsync(HostRecord h, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await ExecAsync(conn, null,
            $"INSERT INTO hosts ({HostColumns}) VALUES (@h, @r, @z, @ep, @st, @sa, @si, @cap, @hb) " +
            "ON CONFLICT (host_id) DO UPDATE SET region = @r, size = @z, render_endpoint = @ep, state = @st, session_account = @sa, " +
            "session_id = @si, capabilities = @cap, last_heartbeat_ticks = @hb",
            ct, ("h", h.HostId), ("r", h.Region), ("z", (int)h.Size), ("ep", h.RenderEndpoint), ("st", (int)h.State),
            ("sa", h.SessionAccountId), ("si", h.SessionId), ("cap", Convert.ToBase64String(h.Capabilities.ToByteArray())),
            ("hb", h.LastHeartbeat.UtcTicks));
    }

    public async Task<HostRecord?> GetHostAsync(string hostId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {HostColumns} FROM hosts WHERE host_id = @h", ("h", hostId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadHost(r) : null;
    }

    public async Task<IReadOnlyList<HostRecord>> ListHostsAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {HostColumns} FROM hosts ORDER BY host_id");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<HostRecord>();
        while (await r.ReadAsync(ct)) list.Add(ReadHost(r));
        return list;
    }

    public async Task<HostRecord?> ReserveHostAsync(string region, SessionSize size, SessionKey session, CancellationToken ct)
    {
        string? hostId;
        using (await EnterWriteAsync(ct))
        {
            await using var conn = await OpenAsync(ct);
            hostId = (string?)await ScalarAsync(conn, null, ReserveHostSql, ct,
                ("reserved", (int)HostState.Reserved), ("idle", (int)HostState.Idle), ("r", region), ("z", (int)size),
                ("a", session.AccountId), ("s", session.Id));
        }
        return hostId is null ? null : await GetHostAsync(hostId, ct);
    }

    public async Task<bool> SetHostStateAsync(string hostId, HostState state, SessionKey? session, SessionKey? expectedSession, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        var sql = "UPDATE hosts SET state = @st, session_account = @sa, session_id = @si WHERE host_id = @h";
        var ps = new List<(string, object?)> { ("st", (int)state), ("sa", session?.AccountId), ("si", session?.Id), ("h", hostId) };
        if (expectedSession is { } e)
        {
            sql += " AND session_account = @ea AND session_id = @ei";
            ps.Add(("ea", e.AccountId));
            ps.Add(("ei", e.Id));
        }
        return await ExecAsync(conn, null, sql, ct, [.. ps]) == 1;
    }

    public async Task TouchHostAsync(string hostId, DateTimeOffset heartbeat, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await ExecAsync(conn, null, "UPDATE hosts SET last_heartbeat_ticks = @hb WHERE host_id = @h", ct, ("hb", heartbeat.UtcTicks), ("h", hostId));
    }

    public async Task UpsertAccountAsync(string accountId, string keyHash, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await ExecAsync(conn, null,
            "INSERT INTO accounts (account_id, key_hash, created_ticks) VALUES (@a, @k, @t) ON CONFLICT (account_id) DO UPDATE SET key_hash = @k",
            ct, ("a", accountId), ("k", keyHash), ("t", DateTime.UtcNow.Ticks));
    }

    public async Task<string?> GetAccountKeyHashAsync(string accountId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        return (string?)await ScalarAsync(conn, null, "SELECT key_hash FROM accounts WHERE account_id = @a", ct, ("a", accountId));
    }

    public async Task AddUsageAsync(UsageRow u, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        await ExecAsync(conn, null,
            "INSERT INTO usage (account_id, session_id, size, start_ticks, end_ticks) VALUES (@a, @s, @z, @b, @e) ON CONFLICT (account_id, session_id) DO NOTHING",
            ct, ("a", u.AccountId), ("s", u.SessionId), ("z", (int)u.Size), ("b", u.Start.UtcTicks), ("e", u.End.UtcTicks));
    }

    public async Task<IReadOnlyList<UsageRow>> ListUsageAsync(string accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null,
            "SELECT session_id, size, start_ticks, end_ticks FROM usage WHERE account_id = @a AND end_ticks > @f AND start_ticks < @t ORDER BY start_ticks",
            ("a", accountId), ("f", from.UtcTicks), ("t", to.UtcTicks));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<UsageRow>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new UsageRow(accountId, r.GetString(0), (SessionSize)r.GetInt32(1), Ticks(r.GetInt64(2)), Ticks(r.GetInt64(3))));
        }
        return list;
    }

    public async Task<string> GetOrAddSettingAsync(string name, string valueIfAbsent, CancellationToken ct)
    {
        using (await EnterWriteAsync(ct))
        {
            await using var conn = await OpenAsync(ct);
            await ExecAsync(conn, null, "INSERT INTO settings (name, value) VALUES (@n, @v) ON CONFLICT (name) DO NOTHING", ct, ("n", name), ("v", valueIfAbsent));
            return (string)(await ScalarAsync(conn, null, "SELECT value FROM settings WHERE name = @n", ct, ("n", name)))!;
        }
    }

    public async Task<bool> InsertConversionAsync(ConversionRecord c, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        var n = await ExecAsync(conn, null,
            $"INSERT INTO conversions ({ConversionColumns}) VALUES (@a, @i, @ic, @is, @ip, @ia, @oc, @os, @op, @on, @st, @ct, @et, @ou, @ec, @em, @ver) " +
            "ON CONFLICT (account_id, id) DO NOTHING",
            ct, ConversionParams(c, c.Version));
        return n == 1;
    }

    public async Task<ConversionRecord?> GetConversionAsync(string accountId, string id, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {ConversionColumns} FROM conversions WHERE account_id = @a AND id = @i", ("a", accountId), ("i", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadConversion(r) : null;
    }

    public async Task<bool> UpdateConversionAsync(ConversionRecord c, long expectedVersion, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var conn = await OpenAsync(ct);
        var n = await ExecAsync(conn, null,
            "UPDATE conversions SET status = @st, end_ticks = @et, output_uri = @ou, error_code = @ec, error_message = @em, version = @ver " +
            "WHERE account_id = @a AND id = @i AND version = @expected",
            ct, [.. ConversionParams(c, expectedVersion + 1), ("expected", expectedVersion)]);
        if (n == 1) c.Version = expectedVersion + 1;
        return n == 1;
    }

    public async Task<ConversionPage> ListConversionsAsync(string accountId, int pageSize, string? cursor, CancellationToken ct)
    {
        var (list, next) = await ReadPageAsync($"SELECT {ConversionColumns} FROM conversions WHERE account_id = @a",
            accountId, pageSize, cursor, ReadConversion, c => (c.CreationTime.UtcTicks, c.Id), ct);
        return new ConversionPage(list, next);
    }

    public async Task<IReadOnlyList<ConversionRecord>> ListUnfinishedConversionsAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {ConversionColumns} FROM conversions WHERE status IN (0, 1) ORDER BY creation_ticks");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ConversionRecord>();
        while (await r.ReadAsync(ct)) list.Add(ReadConversion(r));
        return list;
    }

    public abstract ValueTask DisposeAsync();

    private static (string, object?)[] ConversionParams(ConversionRecord c, long version) =>
    [
        ("a", c.AccountId), ("i", c.Id), ("ic", c.Settings.InputContainer), ("is", c.Settings.InputReadSas), ("ip", c.Settings.InputBlobPrefix),
        ("ia", c.Settings.RelativeInputAssetPath), ("oc", c.Settings.OutputContainer), ("os", c.Settings.OutputWriteSas),
        ("op", c.Settings.OutputBlobPrefix), ("on", c.Settings.OutputAssetFilename), ("st", (int)c.Status), ("ct", c.CreationTime.UtcTicks),
        ("et", c.EndTime?.UtcTicks), ("ou", c.OutputAssetUri), ("ec", c.ErrorCode), ("em", c.ErrorMessage), ("ver", version),
    ];

    private static ConversionRecord ReadConversion(DbDataReader r) => new()
    {
        AccountId = r.GetString(0),
        Id = r.GetString(1),
        Settings = new ConversionSettings(r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)),
        Status = (ConversionStatus)r.GetInt32(10),
        CreationTime = Ticks(r.GetInt64(11)),
        EndTime = r.IsDBNull(12) ? null : Ticks(r.GetInt64(12)),
        OutputAssetUri = r.IsDBNull(13) ? null : r.GetString(13),
        ErrorCode = r.IsDBNull(14) ? null : r.GetString(14),
        ErrorMessage = r.IsDBNull(15) ? null : r.GetString(15),
        Version = r.GetInt64(16),
    };

    private static (string, object?)[] SessionParams(SessionRecord s, long version) =>
    [
        ("a", s.AccountId), ("i", s.Id), ("region", s.Region), ("size", (int)s.Size), ("status", (int)s.Status),
        ("ct", s.CreationTime.UtcTicks), ("rt", s.ReadyTime?.UtcTicks), ("et", s.EndTime?.UtcTicks), ("lease", s.MaxLeaseMinutes),
        ("host", s.HostId), ("ep", s.RenderEndpoint), ("nonce", s.TokenNonce), ("ec", s.ErrorCode), ("em", s.ErrorMessage),
        ("stage", s.Stage), ("ver", version),
    ];

    private static SessionRecord ReadSession(DbDataReader r) => new()
    {
        AccountId = r.GetString(0),
        Id = r.GetString(1),
        Region = r.GetString(2),
        Size = (SessionSize)r.GetInt32(3),
        Status = (SessionStatus)r.GetInt32(4),
        CreationTime = Ticks(r.GetInt64(5)),
        ReadyTime = r.IsDBNull(6) ? null : Ticks(r.GetInt64(6)),
        EndTime = r.IsDBNull(7) ? null : Ticks(r.GetInt64(7)),
        MaxLeaseMinutes = r.GetInt32(8),
        HostId = r.IsDBNull(9) ? null : r.GetString(9),
        RenderEndpoint = r.IsDBNull(10) ? null : r.GetString(10),
        TokenNonce = r.IsDBNull(11) ? null : r.GetString(11),
        ErrorCode = r.IsDBNull(12) ? null : r.GetString(12),
        ErrorMessage = r.IsDBNull(13) ? null : r.GetString(13),
        Stage = r.IsDBNull(14) ? null : r.GetString(14),
        Version = r.GetInt64(15),
    };

    private static HostRecord ReadHost(DbDataReader r) => new()
    {
        HostId = r.GetString(0),
        Region = r.GetString(1),
        Size = (SessionSize)r.GetInt32(2),
        RenderEndpoint = r.GetString(3),
        State = (HostState)r.GetInt32(4),
        SessionAccountId = r.IsDBNull(5) ? null : r.GetString(5),
        SessionId = r.IsDBNull(6) ? null : r.GetString(6),
        Capabilities = r.IsDBNull(7) ? new HostCapabilities() : HostCapabilities.Parser.ParseFrom(Convert.FromBase64String(r.GetString(7))),
        LastHeartbeat = Ticks(r.GetInt64(8)),
    };

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);

    private static string EncodeCursor(long ticks, string id) =>
        Base64Url(Encoding.UTF8.GetBytes($"{ticks}:{id}"));

    private static (long Ticks, string Id) DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            var colon = text.IndexOf(':');
            return (long.Parse(text[..colon], System.Globalization.CultureInfo.InvariantCulture), text[(colon + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw ArrException.BadRequest("The page token is not valid.");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected static DbCommand Command(DbConnection conn, DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    protected static async Task<int> ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = Command(conn, tx, sql, ps);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    protected static async Task<object?> ScalarAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = Command(conn, tx, sql, ps);
        var v = await cmd.ExecuteScalarAsync(ct);
        return v is DBNull ? null : v;
    }

    /// <summary>The schema both databases share (BIGINT/TEXT/INTEGER mean the same in both).</summary>
    protected const string SchemaV1 = """
        CREATE TABLE sessions (
            account_id TEXT NOT NULL, id TEXT NOT NULL, region TEXT NOT NULL, size INTEGER NOT NULL, status INTEGER NOT NULL,
            creation_ticks BIGINT NOT NULL, ready_ticks BIGINT NULL, end_ticks BIGINT NULL, lease_minutes INTEGER NOT NULL,
            host_id TEXT NULL, render_endpoint TEXT NULL, token_nonce TEXT NULL, error_code TEXT NULL, error_message TEXT NULL,
            stage TEXT NULL, version BIGINT NOT NULL, PRIMARY KEY (account_id, id));
        CREATE INDEX ix_sessions_account_created ON sessions (account_id, creation_ticks DESC, id DESC);
        CREATE INDEX ix_sessions_status ON sessions (status, end_ticks);
        CREATE TABLE hosts (
            host_id TEXT NOT NULL PRIMARY KEY, region TEXT NOT NULL, size INTEGER NOT NULL, render_endpoint TEXT NOT NULL,
            state INTEGER NOT NULL, session_account TEXT NULL, session_id TEXT NULL, capabilities TEXT NULL, last_heartbeat_ticks BIGINT NOT NULL);
        CREATE INDEX ix_hosts_pool ON hosts (region, size, state);
        CREATE TABLE accounts (account_id TEXT NOT NULL PRIMARY KEY, key_hash TEXT NOT NULL, created_ticks BIGINT NOT NULL);
        CREATE TABLE usage (
            account_id TEXT NOT NULL, session_id TEXT NOT NULL, size INTEGER NOT NULL, start_ticks BIGINT NOT NULL, end_ticks BIGINT NOT NULL,
            PRIMARY KEY (account_id, session_id));
        CREATE TABLE settings (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
        """;

    /// <summary>v2: the per-account quota check counts active sessions from an index.</summary>
    protected const string SchemaV2 = "CREATE INDEX ix_sessions_account_status ON sessions (account_id, status)";

    /// <summary>v3: asset conversions (settings as given, status, output and error), listed newest first per account.</summary>
    protected const string SchemaV3 = """
        CREATE TABLE conversions (
            account_id TEXT NOT NULL, id TEXT NOT NULL, input_container TEXT NOT NULL, input_sas TEXT NULL, input_prefix TEXT NOT NULL,
            input_path TEXT NOT NULL, output_container TEXT NOT NULL, output_sas TEXT NULL, output_prefix TEXT NOT NULL, output_name TEXT NULL,
            status INTEGER NOT NULL, creation_ticks BIGINT NOT NULL, end_ticks BIGINT NULL, output_uri TEXT NULL, error_code TEXT NULL,
            error_message TEXT NULL, version BIGINT NOT NULL, PRIMARY KEY (account_id, id));
        CREATE INDEX ix_conversions_account_created ON conversions (account_id, creation_ticks DESC, id DESC);
        CREATE INDEX ix_conversions_status ON conversions (status);
        """;
}
