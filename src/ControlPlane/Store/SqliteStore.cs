using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ArrHost.ControlPlane.Store;

/// <summary>The default store: one SQLite file (WAL), created on first start. Writers are serialized in-process.</summary>
internal sealed class SqliteStore : SqlStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteStore(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Path_ = path;
    }

    public string Path_ { get; }

    protected override string ReserveHostSql =>
        "UPDATE hosts SET state = @reserved, session_account = @a, session_id = @s WHERE host_id = " +
        "(SELECT host_id FROM hosts WHERE region = @r AND size = @z AND state = @idle ORDER BY host_id LIMIT 1) AND state = @idle RETURNING host_id";

    protected override IReadOnlyList<string> Migrations { get; } = [SchemaV1, SchemaV2, SchemaV3];

    public override async Task InitializeAsync(CancellationToken ct)
    {
        await using (var conn = await OpenAsync(ct))
        {
            await ExecAsync(conn, null, "PRAGMA journal_mode=WAL", ct);
        }
        await base.InitializeAsync(ct);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        return new Releaser(_writeGate);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
