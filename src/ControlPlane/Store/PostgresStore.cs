using System.Data.Common;
using System.Diagnostics;
using Npgsql;

namespace ArrHost.ControlPlane.Store;

/// <summary>
/// PostgreSQL store for several replicas sharing one region: reservations use FOR UPDATE SKIP LOCKED,
/// quota checks an advisory lock per account, migrations an advisory lock, and every session change
/// is announced with NOTIFY on <see cref="ChangeChannel"/>.
/// </summary>
internal sealed class PostgresStore : SqlStore
{
    public const string ChangeChannel = "arr_session_changes";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>How long <see cref="InitializeAsync"/> waits for a server that does not accept connections yet.</summary>
    public static readonly TimeSpan DefaultStartWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _startWait;

    public PostgresStore(string connectionString)
        : this(connectionString, DefaultStartWait)
    {
    }

    internal PostgresStore(string connectionString, TimeSpan startWait)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        ConnectionString = connectionString;
        _startWait = startWait;
    }

    public string ConnectionString { get; }

    protected override string ReserveHostSql =>
        "UPDATE hosts SET state = @reserved, session_account = @a, session_id = @s WHERE host_id = " +
        "(SELECT host_id FROM hosts WHERE region = @r AND size = @z AND state = @idle ORDER BY host_id LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "AND state = @idle RETURNING host_id";

    protected override IReadOnlyList<string> Migrations { get; } = [SchemaV1, SchemaV2, SchemaV3];

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    /// <summary>
    /// Migrates the schema, first waiting up to the start wait for the server to accept connections:
    /// a control plane often starts beside its database (docker compose has no start order for an
    /// optional profile, Kubernetes none at all) and would otherwise exit on "connection refused",
    /// an unresolvable host name or "the database system is starting up". Only transient errors are
    /// retried; a wrong database, user or password fails at once.
    /// </summary>
    public override async Task InitializeAsync(CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await base.InitializeAsync(ct);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && waited.Elapsed + delay < _startWait && !ct.IsCancellationRequested)
            {
                await Task.Delay(delay, ct);
                delay = delay * 2 < s_maxRetryDelay ? delay * 2 : s_maxRetryDelay;
            }
        }
    }

    protected override Task LockMigrationsAsync(DbConnection conn, DbTransaction tx, CancellationToken ct) =>
        ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(7262001)", ct);

    protected override Task LockAccountAsync(DbConnection conn, DbTransaction tx, string accountId, CancellationToken ct) =>
        ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(7262002, hashtext(@a))", ct, ("a", accountId));

    /// <summary>Announces a session change to the other replicas.</summary>
    public async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct);
        await ExecAsync(conn, null, "SELECT pg_notify(@c, @p)", ct, ("c", ChangeChannel), ("p", payload));
    }

    /// <summary>Opens a dedicated connection for LISTEN.</summary>
    public async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
