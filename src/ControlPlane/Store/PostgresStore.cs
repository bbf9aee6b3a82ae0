using System.Data.Common;
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

    public PostgresStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    protected override string ReserveHostSql =>
        "UPDATE hosts SET state = @reserved, session_account = @a, session_id = @s WHERE host_id = " +
        "(SELECT host_id FROM hosts WHERE region = @r AND size = @z AND state = @idle ORDER BY host_id LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "AND state = @idle RETURNING host_id";

    protected override IReadOnlyList<string> Migrations { get; } = [SchemaV1];

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

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
