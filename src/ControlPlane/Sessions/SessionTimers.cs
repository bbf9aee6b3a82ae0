using System.Collections.Concurrent;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.Protos.V1;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Sessions;

/// <summary>
/// One timer per active session, armed from every change: the end of the simulated start-up, the
/// start timeout, and the exact lease deadline. Timers come from the <see cref="TimeProvider"/>, so
/// tests drive them with a fake clock; after a restart <see cref="Arm"/> is called for every active session.
/// </summary>
internal sealed class SessionTimers : IDisposable
{
    private readonly ConcurrentDictionary<SessionKey, Entry> _timers = new();
    private readonly SessionManager _manager;
    private readonly TimeProvider _clock;
    private readonly ControlPlaneOptions _options;
    private readonly ILogger<SessionTimers> _logger;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How often watchers of a starting session get a Progress event.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly SessionChangeFeed _feed;

    public SessionTimers(SessionChangeFeed feed, SessionManager manager, TimeProvider clock, IOptions<ControlPlaneOptions> options, ILogger<SessionTimers> logger)
    {
        _feed = feed;
        _manager = manager;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        feed.AddListener(c => Arm(c.Session));
    }

    public int Count => _timers.Count;

    /// <summary>Arms (or cancels) the session's timer for its current state; older versions never replace newer ones.</summary>
    public void Arm(SessionRecord s, bool force = false)
    {
        var key = s.Key;
        DateTimeOffset due;
        Func<SessionKey, CancellationToken, Task<SessionRecord?>> action;
        if (s.Status == SessionStatus.Starting && s.Stage == SessionManager.StageStartingVm)
        {
            due = s.CreationTime + _options.StartupDelay(s.Size);
            action = _manager.OnStartupElapsedAsync;
        }
        else if (s.Status == SessionStatus.Starting && s.Stage == SessionManager.StageResettingHost)
        {
            due = s.CreationTime + _options.StartupDelay(s.Size) + TimeSpan.FromSeconds(_options.StartTimeoutSeconds);
            action = _manager.OnStartTimeoutAsync;
        }
        else if (s.Status == SessionStatus.Ready && _options.LeaseDeadline(s) is { } deadline)
        {
            due = deadline;
            action = _manager.ExpireIfDueAsync;
        }
        else
        {
            if (s.IsEnded)
            {
                while (_timers.TryGetValue(key, out var old) && old.Version <= s.Version)
                {
                    if (_timers.TryRemove(new KeyValuePair<SessionKey, Entry>(key, old)))
                    {
                        old.Dispose();
                        break;
                    }
                }
            }
            return;
        }

        var entry = new Entry(s.Version);
        while (true)
        {
            if (_timers.TryGetValue(key, out var old))
            {
                if (old.Version > s.Version || (old.Version == s.Version && !force)) return;
                if (!_timers.TryUpdate(key, entry, old)) continue;
                old.Dispose();
            }
            else if (!_timers.TryAdd(key, entry))
            {
                continue;
            }
            break;
        }
        var delay = due - _clock.GetUtcNow();
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        entry.Timer = _clock.CreateTimer(_ => Fire(key, entry, action), null, delay, Timeout.InfiniteTimeSpan);
        if (s.Status == SessionStatus.Starting && s.Stage == SessionManager.StageStartingVm && delay > ProgressInterval)
        {
            // Simulated VM start-up: watchers see the progress move instead of a silent wait.
            var snapshot = s.Clone();
            entry.Progress = _clock.CreateTimer(_ => _feed.PublishToWatchers(new SessionChange(snapshot, "Progress")), null, ProgressInterval, ProgressInterval);
        }
    }

    private void Fire(SessionKey key, Entry entry, Func<SessionKey, CancellationToken, Task<SessionRecord?>> action)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var after = await action(key, _stopping.Token);
                // Unchanged (fired a little early, or lost to another replica that will publish): re-arm for what is stored.
                if (after is not null && after.Version == entry.Version && after.IsActive) Arm(after, force: true);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(_logger, $"timer of session {key}", ex);
            }
        });
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var e in _timers.Values) e.Dispose();
        _timers.Clear();
    }

    private sealed class Entry(long version) : IDisposable
    {
        public long Version { get; } = version;
        public ITimer? Timer { get; set; }
        public ITimer? Progress { get; set; }

        public void Dispose()
        {
            Timer?.Dispose();
            Progress?.Dispose();
        }
    }
}
