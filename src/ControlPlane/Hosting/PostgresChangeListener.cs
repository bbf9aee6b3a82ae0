using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Sessions;
using ArrHost.ControlPlane.Store;
using Npgsql;

namespace ArrHost.ControlPlane.Hosting;

/// <summary>
/// With PostgreSQL, replicas tell each other about session changes with NOTIFY ("replica\nreason\naccount\nid");
/// this LISTENs, re-reads the session and publishes it to the local feed (timers, host orders, watchers).
/// </summary>
internal sealed class PostgresChangeListener : BackgroundService
{
    private readonly PostgresStore? _store;
    private readonly SessionChangeFeed _feed;
    private readonly ILogger<PostgresChangeListener> _logger;
    private readonly string _replicaId = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once LISTEN is active (at once with SQLite).</summary>
    public Task Listening => _listening.Task;

    public PostgresChangeListener(IControlPlaneStore store, SessionChangeFeed feed, ILogger<PostgresChangeListener> logger)
    {
        _store = store as PostgresStore;
        _feed = feed;
        _logger = logger;
        if (_store is null)
        {
            _listening.TrySetResult(); // one replica with SQLite: nothing to listen to.
            return;
        }
        var pg = _store;
        feed.RemoteNotifier = c => pg.NotifyAsync($"{_replicaId}\n{c.Reason}\n{c.Session.AccountId}\n{c.Session.Id}", CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_store is not null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _store.OpenListenerAsync(stoppingToken);
                conn.Notification += (_, e) => _ = OnNotificationAsync(e.Payload, stoppingToken);
                await using (var cmd = new NpgsqlCommand($"LISTEN {PostgresStore.ChangeChannel}", conn))
                {
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                }
                if (!_listening.TrySetResult())
                {
                    // Reconnected: changes announced while we were not listening are re-read (timers and host orders catch up).
                    foreach (var active in await _store.ListActiveSessionsAsync(stoppingToken)) _feed.Publish(new SessionChange(active, "Resync"));
                }
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(_logger, "listen for replica changes", ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task OnNotificationAsync(string payload, CancellationToken ct)
    {
        try
        {
            var parts = payload.Split('\n');
            if (parts.Length != 4 || parts[0] == _replicaId) return;
            var s = await _store!.GetSessionAsync(new SessionKey(parts[2], parts[3]), ct);
            if (s is not null) _feed.Publish(new SessionChange(s, parts[1]));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.BackgroundFailed(_logger, "replica change", ex);
        }
    }
}
