using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Store;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Tests;

/// <summary>The same store contract, run against SQLite and a real PostgreSQL server.</summary>
public abstract class StoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private IControlPlaneStore _store = null!;

    private protected abstract IControlPlaneStore CreateStore();

    /// <summary>A second store over the same database.</summary>
    private protected abstract IControlPlaneStore Reopen();

    /// <summary>Runs SQL on the database directly (to set up an older schema).</summary>
    private protected abstract Task ExecuteAsync(string sql);

    [Fact]
    public async Task Initialize_StoreAtSchemaVersion2_AddsConversionsAndKeepsSessions()
    {
        Assert.Equal(InsertOutcome.Inserted, await _store.InsertSessionAsync(Session("kept"), 10, default));
        await ExecuteAsync("DROP TABLE conversions");
        await ExecuteAsync("DELETE FROM schema_migrations WHERE version = 3");

        await using var upgraded = Reopen();
        await upgraded.InitializeAsync(default);

        Assert.NotNull(await upgraded.GetSessionAsync(new SessionKey("acc", "kept"), default));
        Assert.True(await upgraded.InsertConversionAsync(Conversion("after-upgrade"), default));
        Assert.Equal("after-upgrade", (await upgraded.GetConversionAsync("acc", "after-upgrade", default))!.Id);
    }

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.InitializeAsync(default);
        await _store.InitializeAsync(default); // migrations are idempotent
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static SessionRecord Session(string id, long ticksOffset = 0, string account = "acc") => new()
    {
        AccountId = account,
        Id = id,
        Region = "local",
        Size = SessionSize.Standard,
        Status = SessionStatus.Starting,
        CreationTime = s_t0.AddTicks(ticksOffset),
        MaxLeaseMinutes = 60,
        Stage = "Reserving",
        Version = 1,
    };

    private static HostRecord Host(string id) => new()
    {
        HostId = id,
        Region = "local",
        Size = SessionSize.Standard,
        RenderEndpoint = "http://127.0.0.1:1",
        State = HostState.Idle,
        LastHeartbeat = s_t0,
        Capabilities = new HostCapabilities { DeviceName = "dev", Codecs = { "raw", "jpeg" } },
    };

    private static ConversionRecord Conversion(string id, long ticksOffset = 0, string account = "acc") => new()
    {
        AccountId = account,
        Id = id,
        Settings = new ConversionSettings("file:///assets/in", "sv=read", "models/", "models/m.gltf", "file:///assets/out", null, "", "m.glb"),
        Status = ConversionStatus.NotStarted,
        CreationTime = s_t0.AddTicks(ticksOffset),
        Version = 1,
    };

    [Fact]
    public async Task InsertConversion_SameIdTwice_SecondRefusedAndFirstKept()
    {
        Assert.True(await _store.InsertConversionAsync(Conversion("c"), default));
        var other = Conversion("c");
        other.Status = ConversionStatus.Failed;
        Assert.False(await _store.InsertConversionAsync(other, default));
        Assert.True(await _store.InsertConversionAsync(Conversion("c", account: "other"), default));

        var got = await _store.GetConversionAsync("acc", "c", default);
        Assert.NotNull(got);
        Assert.Equal(Conversion("c").Settings, got!.Settings);
        Assert.Equal(ConversionStatus.NotStarted, got.Status);
        Assert.Equal(s_t0, got.CreationTime);
        Assert.Null(got.OutputAssetUri);
    }

    [Fact]
    public async Task UpdateConversion_StaleVersion_RefusedAndCurrentWriteKept()
    {
        await _store.InsertConversionAsync(Conversion("c"), default);
        var a = (await _store.GetConversionAsync("acc", "c", default))!;
        var b = a.Clone();
        a.Status = ConversionStatus.Running;
        Assert.True(await _store.UpdateConversionAsync(a, 1, default));
        b.Status = ConversionStatus.Running;
        Assert.False(await _store.UpdateConversionAsync(b, 1, default));
        a.Status = ConversionStatus.Succeeded;
        a.OutputAssetUri = "file:///assets/out/m.glb";
        a.EndTime = s_t0.AddMinutes(1);
        Assert.True(await _store.UpdateConversionAsync(a, a.Version, default));

        var got = (await _store.GetConversionAsync("acc", "c", default))!;
        Assert.Equal(ConversionStatus.Succeeded, got.Status);
        Assert.Equal("file:///assets/out/m.glb", got.OutputAssetUri);
        Assert.Equal(s_t0.AddMinutes(1), got.EndTime);
        Assert.Equal(3, got.Version);
        Assert.Empty(await _store.ListUnfinishedConversionsAsync(default));
    }

    [Fact]
    public async Task ListConversions_ThreePagesOfTwo_NewestFirstNoneRepeated()
    {
        for (var i = 0; i < 5; i++) await _store.InsertConversionAsync(Conversion("c" + i, i), default);
        await _store.InsertConversionAsync(Conversion("x", 99, "other"), default);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.ListConversionsAsync("acc", 2, cursor, default);
            seen.AddRange(page.Conversions.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["c4", "c3", "c2", "c1", "c0"], seen);
        Assert.Equal(6, (await _store.ListUnfinishedConversionsAsync(default)).Count);
    }

    [Fact]
    public async Task InsertSession_SameIdTwice_SecondIsAlreadyExists()
    {
        Assert.Equal(InsertOutcome.Inserted, await _store.InsertSessionAsync(Session("a"), 10, default));
        Assert.Equal(InsertOutcome.AlreadyExists, await _store.InsertSessionAsync(Session("a"), 10, default));
        Assert.Equal(InsertOutcome.Inserted, await _store.InsertSessionAsync(Session("a", account: "other"), 10, default));
        var got = await _store.GetSessionAsync(new SessionKey("acc", "a"), default);
        Assert.NotNull(got);
        Assert.Equal(s_t0, got!.CreationTime);
        Assert.Null(got.ReadyTime);
    }

    [Fact]
    public async Task InsertSession_QuotaReached_QuotaExceeded()
    {
        Assert.Equal(InsertOutcome.Inserted, await _store.InsertSessionAsync(Session("a"), 2, default));
        Assert.Equal(InsertOutcome.Inserted, await _store.InsertSessionAsync(Session("b"), 2, default));
        Assert.Equal(InsertOutcome.QuotaExceeded, await _store.InsertSessionAsync(Session("c"), 2, default));
    }

    [Fact]
    public async Task UpdateSession_StaleVersion_ReturnsFalseAndKeepsRow()
    {
        await _store.InsertSessionAsync(Session("a"), 10, default);
        var s = (await _store.GetSessionAsync(new SessionKey("acc", "a"), default))!;
        var first = s.Clone();
        first.Status = SessionStatus.Ready;
        first.ReadyTime = s_t0.AddSeconds(3);
        Assert.True(await _store.UpdateSessionAsync(first, 1, default));
        var stale = s.Clone();
        stale.Status = SessionStatus.Stopped;
        Assert.False(await _store.UpdateSessionAsync(stale, 1, default));
        var now = (await _store.GetSessionAsync(new SessionKey("acc", "a"), default))!;
        Assert.Equal(SessionStatus.Ready, now.Status);
        Assert.Equal(2, now.Version);
        Assert.Equal(s_t0.AddSeconds(3), now.ReadyTime);
    }

    [Fact]
    public async Task ReserveHost_ConcurrentReservations_EachHostAtMostOnce()
    {
        for (var i = 0; i < 5; i++) await _store.UpsertHostAsync(Host($"h{i}"), default);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => _store.ReserveHostAsync("local", SessionSize.Standard, new SessionKey("acc", $"s{i}"), default))));
        var reserved = results.Where(h => h is not null).Select(h => h!.HostId).ToList();
        Assert.Equal(5, reserved.Count);
        Assert.Equal(5, reserved.Distinct().Count());
        Assert.Null(await _store.ReserveHostAsync("local", SessionSize.Standard, new SessionKey("acc", "late"), default));
        Assert.All(await _store.ListHostsAsync(default), h => Assert.Equal(HostState.Reserved, h.State));
    }

    [Fact]
    public async Task ReserveHost_OtherSizeOrRegion_None()
    {
        await _store.UpsertHostAsync(Host("h1"), default);
        Assert.Null(await _store.ReserveHostAsync("local", SessionSize.Premium, new SessionKey("acc", "s"), default));
        Assert.Null(await _store.ReserveHostAsync("westeurope", SessionSize.Standard, new SessionKey("acc", "s"), default));
        var h = await _store.ReserveHostAsync("local", SessionSize.Standard, new SessionKey("acc", "s"), default);
        Assert.Equal("h1", h!.HostId);
        Assert.Equal("s", h.SessionId);
        Assert.Equal("dev", h.Capabilities.DeviceName);
    }

    [Fact]
    public async Task SetHostState_ExpectedSessionDiffers_NoChange()
    {
        await _store.UpsertHostAsync(Host("h1"), default);
        await _store.ReserveHostAsync("local", SessionSize.Standard, new SessionKey("acc", "s"), default);
        Assert.False(await _store.SetHostStateAsync("h1", HostState.Idle, null, new SessionKey("acc", "other"), default));
        Assert.True(await _store.SetHostStateAsync("h1", HostState.Leased, new SessionKey("acc", "s"), new SessionKey("acc", "s"), default));
        Assert.Equal(HostState.Leased, (await _store.GetHostAsync("h1", default))!.State);
    }

    [Fact]
    public async Task ListSessions_Paged_NewestFirstWithoutGapsOrDuplicates()
    {
        for (var i = 0; i < 23; i++) await _store.InsertSessionAsync(Session($"s{i:00}", i % 5 == 0 ? 0 : i), 1000, default);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _store.ListSessionsAsync("acc", includeEnded: false, 7, cursor, default);
            seen.AddRange(page.Sessions.Select(s => s.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Distinct().Count());
        Assert.Equal("s22", seen[0]);
    }

    [Fact]
    public async Task PurgeAndUsage_EndedSessions_PurgedButUsageKept()
    {
        var s = Session("a");
        await _store.InsertSessionAsync(s, 10, default);
        s.Status = SessionStatus.Stopped;
        s.ReadyTime = s_t0.AddSeconds(10);
        s.EndTime = s_t0.AddMinutes(10);
        Assert.True(await _store.UpdateSessionAsync(s, 1, default));
        await _store.AddUsageAsync(new UsageRow("acc", "a", SessionSize.Standard, s.ReadyTime.Value, s.EndTime.Value), default);
        await _store.AddUsageAsync(new UsageRow("acc", "a", SessionSize.Standard, s.ReadyTime.Value, s.EndTime.Value.AddHours(1)), default);

        Assert.Equal(0, await _store.PurgeEndedSessionsAsync(s_t0.AddMinutes(5), default));
        Assert.Equal(1, await _store.PurgeEndedSessionsAsync(s_t0.AddDays(31), default));
        Assert.Null(await _store.GetSessionAsync(new SessionKey("acc", "a"), default));
        var usage = Assert.Single(await _store.ListUsageAsync("acc", s_t0, s_t0.AddDays(1), default));
        Assert.Equal(s.EndTime, usage.End);
    }

    [Fact]
    public async Task Settings_FirstWriterWins()
    {
        Assert.Equal("one", await _store.GetOrAddSettingAsync("k", "one", default));
        Assert.Equal("one", await _store.GetOrAddSettingAsync("k", "two", default));
    }
}

public sealed class SqliteStoreTests : StoreTests
{
    private string _path = "";

    private protected override IControlPlaneStore CreateStore() =>
        new SqliteStore(_path = Path.Combine(Path.GetTempPath(), "arr-cp-tests", Guid.NewGuid().ToString("N") + ".db"));

    private protected override IControlPlaneStore Reopen() => new SqliteStore(_path);

    private protected override async Task ExecuteAsync(string sql)
    {
        await using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresStoreTests : StoreTests
{
    private string _connectionString = "";

    private protected override IControlPlaneStore CreateStore() => new PostgresStore(_connectionString = TestPostgres.NewSchemaConnectionString());

    private protected override IControlPlaneStore Reopen() => new PostgresStore(_connectionString);

    private protected override async Task ExecuteAsync(string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
