using System.Collections.Concurrent;
using System.Threading.Channels;
using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Sessions;

/// <summary>
/// The in-process change feed: watchers of one session get every change through a channel, and
/// internal listeners (timers, host links) see every change of the region. Changes made by other
/// replicas arrive here through <see cref="Hosting.PostgresChangeListener"/>.
/// </summary>
internal sealed class SessionChangeFeed
{
    private readonly ConcurrentDictionary<SessionKey, ImmutableWatchers> _watchers = new();
    private readonly List<Action<SessionChange>> _listeners = [];

    /// <summary>Called by other replicas' changes; set by the PostgreSQL notifier. Null for a single replica.</summary>
    public Func<SessionChange, Task>? RemoteNotifier { get; set; }

    public void AddListener(Action<SessionChange> listener)
    {
        lock (_listeners) _listeners.Add(listener);
    }

    public WatchSubscription Watch(SessionKey key)
    {
        var channel = Channel.CreateUnbounded<SessionChange>(new UnboundedChannelOptions { SingleReader = true });
        _watchers.AddOrUpdate(key, _ => new ImmutableWatchers([channel]), (_, w) => new ImmutableWatchers([.. w.Channels, channel]));
        return new WatchSubscription(this, key, channel);
    }

    /// <summary>Delivers a change to listeners and watchers; never blocks.</summary>
    public void Publish(SessionChange change)
    {
        // Watchers first: listeners (timers, host orders) cause the next change, which must not overtake this one.
        PublishToWatchers(change);
        Action<SessionChange>[] listeners;
        lock (_listeners) listeners = [.. _listeners];
        foreach (var l in listeners) l(change);
    }

    /// <summary>An unstored change (start-up progress) for watchers only; it carries the stored version unchanged.</summary>
    public void PublishToWatchers(SessionChange change)
    {
        if (_watchers.TryGetValue(change.Session.Key, out var w))
        {
            foreach (var c in w.Channels) c.Writer.TryWrite(change);
        }
    }

    private void Unwatch(SessionKey key, Channel<SessionChange> channel)
    {
        while (_watchers.TryGetValue(key, out var w))
        {
            var rest = w.Channels.Where(c => c != channel).ToArray();
            if (rest.Length == 0 ? _watchers.TryRemove(new KeyValuePair<SessionKey, ImmutableWatchers>(key, w))
                                 : _watchers.TryUpdate(key, new ImmutableWatchers(rest), w))
            {
                return;
            }
        }
    }

    private sealed record ImmutableWatchers(Channel<SessionChange>[] Channels);

    /// <summary>One watcher; dispose to stop.</summary>
    internal sealed class WatchSubscription(SessionChangeFeed feed, SessionKey key, Channel<SessionChange> channel) : IDisposable
    {
        public ChannelReader<SessionChange> Reader => channel.Reader;

        public void Dispose()
        {
            channel.Writer.TryComplete();
            feed.Unwatch(key, channel);
        }
    }
}
