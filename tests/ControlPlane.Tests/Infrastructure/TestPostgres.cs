using System.Diagnostics;
using Npgsql;

namespace ArrHost.ControlPlane.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the suite: ARR_TEST_POSTGRES (exported by scripts/test.d/postgres.sh), or the
/// hook is run to start one. Missing PostgreSQL fails the tests (it is never a skip).
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<string> s_connectionString = new(Resolve);

    public static string ConnectionString => s_connectionString.Value;

    /// <summary>A fresh schema of its own, so tests never see each other's rows.</summary>
    public static string NewSchemaConnectionString()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var conn = new NpgsqlConnection(ConnectionString))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", conn);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, MaxPoolSize = 50 }.ToString();
    }

    private static string Resolve()
    {
        var cs = Environment.GetEnvironmentVariable("ARR_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(cs)) return cs;
        var hook = Path.Combine(RepoRoot(), "scripts", "test.d", "postgres.sh");
        var psi = new ProcessStartInfo("bash", ["-c", $"source '{hook}' >/dev/null 2>&1; printf %s \"$ARR_TEST_POSTGRES\""])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (string.IsNullOrEmpty(output))
            throw new InvalidOperationException("PostgreSQL is required: set ARR_TEST_POSTGRES or install postgresql-15 (scripts/test.d/postgres.sh starts it).");
        return output;
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ArrHost.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
