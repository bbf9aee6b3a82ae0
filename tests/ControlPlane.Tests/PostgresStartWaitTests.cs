using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ArrHost.ControlPlane.Store;
using ArrHost.ControlPlane.Tests.Infrastructure;
using Npgsql;

namespace ArrHost.ControlPlane.Tests;

/// <summary>
/// A control plane started beside its PostgreSQL (docker compose's postgres profile, Kubernetes) can
/// reach the server before it accepts connections: the store waits for it instead of exiting, but not
/// for errors that waiting cannot fix.
/// </summary>
public sealed class PostgresStartWaitTests
{
    [Fact]
    public async Task InitializeAsync_ServerListensOnlyLater_WaitsAndMigrates()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var real = new NpgsqlConnectionStringBuilder(TestPostgres.NewSchemaConnectionString());
        var port = FreePort();
        var late = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Host = "127.0.0.1", Port = port };
        await using var store = new PostgresStore(late.ConnectionString, TimeSpan.FromSeconds(30));

        var init = store.InitializeAsync(cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        Assert.False(init.IsCompleted, init.Exception?.ToString() ?? "finished while nothing listened");

        // The "server" comes up: a forwarder on the port the store dials, to the suite's PostgreSQL.
        await using var forwarder = TcpForwarder.Start(port, real.Host!, real.Port);
        await init.WaitAsync(cts.Token);

        Assert.Empty(await store.ListHostsAsync(cts.Token));
    }

    [Fact]
    public async Task InitializeAsync_NoServerWithinStartWait_ThrowsConnectionError()
    {
        var cs = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = FreePort(), Username = "arr", Database = "arr" };
        await using var store = new PostgresStore(cs.ConnectionString, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.True(error.IsTransient, error.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseDoesNotExist_FailsWithoutWaiting()
    {
        var cs = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = "arr_missing_" + Guid.NewGuid().ToString("N")[..8] };
        await using var store = new PostgresStore(cs.ConnectionString, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, error.SqlState);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"waited {clock.Elapsed} for an error that waiting cannot fix");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Accepts on a loopback port and pipes each connection to a target, both ways.</summary>
    private sealed class TcpForwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        private TcpForwarder(int port, string host, int targetPort)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            _accepting = AcceptAsync(host, targetPort);
        }

        public static TcpForwarder Start(int port, string host, int targetPort) => new(port, host, targetPort);

        private async Task AcceptAsync(string host, int targetPort)
        {
            var pipes = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    pipes.Add(PipeAsync(client, host, targetPort));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(pipes);
        }

        private async Task PipeAsync(TcpClient client, string host, int targetPort)
        {
            using (client)
            using (var target = new TcpClient())
            {
                try
                {
                    await target.ConnectAsync(host, targetPort, _stop.Token);
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    var up = client.GetStream().CopyToAsync(target.GetStream(), either.Token);
                    var down = target.GetStream().CopyToAsync(client.GetStream(), either.Token);
                    await Task.WhenAny(up, down);
                    either.Cancel();
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // Either side closing ends the pipe.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
