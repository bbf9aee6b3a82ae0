namespace ArrHost.Client.Internal.Frames;

/// <summary>
/// Collects the events of one connection into one-second windows and snapshots them as
/// <see cref="FrameStatistics"/>. Thread-safe: the reader task records arrivals while the
/// application presents frames and asks for snapshots.
/// </summary>
internal sealed class FrameStatisticsAccumulator
{
    private const long WindowUs = 1_000_000;

    private readonly Func<long> _nowUs;
    private readonly Lock _gate = new();
    private Window _current;
    private FrameStatistics? _completed;
    private long _lastArrivalUs = -1;
    private long _lastPresentUs = -1;
    private ulong? _lastPoseId;
    private long _total;
    private long _totalDiscarded;

    public FrameStatisticsAccumulator(Func<long> nowUs)
    {
        _nowUs = nowUs;
        _current = new Window(nowUs());
    }

    public void FrameReceived(long receivedAtUs, long clientTimestampUs, ulong poseId, int posesDropped)
    {
        lock (_gate)
        {
            Roll(receivedAtUs);
            _total++;
            _current.Received++;
            _current.Skipped += posesDropped;
            if (_lastPoseId == poseId) _current.Reused++;
            _lastPoseId = poseId;
            if (clientTimestampUs > 0 && clientTimestampUs <= receivedAtUs)
            {
                _current.PoseToReceiveSumUs += receivedAtUs - clientTimestampUs;
                _current.PoseToReceiveCount++;
            }

            if (_lastArrivalUs >= 0)
            {
                var delta = receivedAtUs - _lastArrivalUs;
                _current.MinDeltaUs = _current.DeltaCount == 0 ? delta : Math.Min(_current.MinDeltaUs, delta);
                _current.MaxDeltaUs = _current.DeltaCount == 0 ? delta : Math.Max(_current.MaxDeltaUs, delta);
                _current.DeltaCount++;
            }

            _lastArrivalUs = receivedAtUs;
        }
    }

    public void FrameDiscarded()
    {
        lock (_gate)
        {
            Roll(_nowUs());
            _current.Discarded++;
            _totalDiscarded++;
        }
    }

    public void FrameSkipped()
    {
        lock (_gate)
        {
            Roll(_nowUs());
            _current.Skipped++;
        }
    }

    public void FramePresented(long receivedAtUs, long presentedAtUs)
    {
        lock (_gate)
        {
            Roll(presentedAtUs);
            _current.ReceiveToPresentSumUs += Math.Max(0, presentedAtUs - receivedAtUs);
            _current.PresentCount++;
            if (_lastPresentUs >= 0)
            {
                _current.SincePresentSumUs += presentedAtUs - _lastPresentUs;
                _current.SincePresentCount++;
            }

            _lastPresentUs = presentedAtUs;
        }
    }

    public void FrameDisplayed(long presentedAtUs, long displayedAtUs)
    {
        lock (_gate)
        {
            Roll(displayedAtUs);
            _current.PresentToDisplaySumUs += Math.Max(0, displayedAtUs - presentedAtUs);
            _current.DisplayCount++;
        }
    }

    public FrameStatistics Snapshot()
    {
        lock (_gate)
        {
            var now = _nowUs();
            Roll(now);
            // The window's counters are from the last complete second; the running totals are current.
            return _completed is { } done
                ? done with { TotalFramesReceived = _total, TotalFramesDiscarded = _totalDiscarded }
                : _current.ToStatistics(now - _current.StartUs, _total, _totalDiscarded);
        }
    }

    private void Roll(long nowUs)
    {
        if (nowUs - _current.StartUs < WindowUs) return;
        var elapsed = nowUs - _current.StartUs;
        if (elapsed < 2 * WindowUs)
        {
            _completed = _current.ToStatistics(WindowUs, _total, _totalDiscarded);
            _current = new Window(_current.StartUs + WindowUs);
        }
        else
        {
            // A whole window passed without events: the last second was empty.
            _completed = new Window(nowUs - WindowUs).ToStatistics(WindowUs, _total, _totalDiscarded);
            _current = new Window(nowUs - (elapsed % WindowUs));
        }
    }

    private struct Window(long startUs)
    {
        public readonly long StartUs = startUs;
        public int Received;
        public int Skipped;
        public int Reused;
        public int Discarded;
        public long PoseToReceiveSumUs;
        public int PoseToReceiveCount;
        public long ReceiveToPresentSumUs;
        public int PresentCount;
        public long SincePresentSumUs;
        public int SincePresentCount;
        public long PresentToDisplaySumUs;
        public int DisplayCount;
        public long MinDeltaUs;
        public long MaxDeltaUs;
        public int DeltaCount;

        public readonly FrameStatistics ToStatistics(long lengthUs, long total, long totalDiscarded) => new()
        {
            LatencyPoseToReceive = Average(PoseToReceiveSumUs, PoseToReceiveCount),
            LatencyReceiveToPresent = Average(ReceiveToPresentSumUs, PresentCount),
            LatencyPresentToDisplay = Average(PresentToDisplaySumUs, DisplayCount),
            TimeSinceLastPresent = Average(SincePresentSumUs, SincePresentCount),
            VideoFramesReceived = Received,
            VideoFramesSkipped = Skipped,
            VideoFramesReused = Reused,
            VideoFramesDiscarded = Discarded,
            VideoFrameMinDelta = DeltaCount == 0 ? TimeSpan.Zero : Us(MinDeltaUs),
            VideoFrameMaxDelta = DeltaCount == 0 ? TimeSpan.Zero : Us(MaxDeltaUs),
            Window = Us(lengthUs),
            TotalFramesReceived = total,
            TotalFramesDiscarded = totalDiscarded,
        };

        private static TimeSpan Average(long sumUs, int count) => count == 0 ? TimeSpan.Zero : Us(sumUs / count);

        private static TimeSpan Us(long us) => TimeSpan.FromTicks(us * 10);
    }
}
