namespace ArrHost.Client;

/// <summary>
/// Per-frame statistics of a connection over the last complete one-second window (or the current
/// window when none has completed yet), measured on the client's monotonic clock only. The names
/// match the real SDK's <c>FrameStatistics</c> fields (<c>latencyPoseToReceive</c>, ...).
/// Here "present" means the frame is handed to the application by
/// <see cref="RenderingConnection.ReadFramesAsync"/> (or <see cref="RenderingConnection.ReadDecodedFramesAsync"/>,
/// after decoding), and "display" means the application reported it with
/// <see cref="RenderingConnection.ReportFrameDisplayed"/>.
/// </summary>
public sealed record FrameStatistics
{
    /// <summary>Average time from <see cref="RenderingConnection.SubmitPose"/> to the frame rendered from that pose being fully received.</summary>
    public TimeSpan LatencyPoseToReceive { get; init; }

    /// <summary>Average time from a frame being received to it being presented (handed to the application; includes decoding for decoded frames).</summary>
    public TimeSpan LatencyReceiveToPresent { get; init; }

    /// <summary>Average time from a frame being presented to the application reporting it displayed; zero when it never reports.</summary>
    public TimeSpan LatencyPresentToDisplay { get; init; }

    /// <summary>Average time between two consecutive presented frames.</summary>
    public TimeSpan TimeSinceLastPresent { get; init; }

    /// <summary>Frames received from the host in the window.</summary>
    public int VideoFramesReceived { get; init; }

    /// <summary>
    /// Frames that were never produced or never shown because a newer one superseded them: poses the
    /// host dropped in favour of a newer pose, plus decoded frames not presented because a newer one
    /// was already waiting.
    /// </summary>
    public int VideoFramesSkipped { get; init; }

    /// <summary>Received frames that show the same pose as the frame before (the host rendered it again; no newer pose had arrived).</summary>
    public int VideoFramesReused { get; init; }

    /// <summary>
    /// Received frames dropped before the application saw them: the oldest buffered frame when the
    /// application reads too slowly, and H.264 frames that could not be decoded after such a drop until the next keyframe.
    /// </summary>
    public int VideoFramesDiscarded { get; init; }

    /// <summary>The shortest time between two consecutive frame arrivals in the window; zero with fewer than two frames.</summary>
    public TimeSpan VideoFrameMinDelta { get; init; }

    /// <summary>The longest time between two consecutive frame arrivals in the window; zero with fewer than two frames.</summary>
    public TimeSpan VideoFrameMaxDelta { get; init; }

    /// <summary>The length of the window these values cover.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Frames received since the connection opened.</summary>
    public long TotalFramesReceived { get; init; }

    /// <summary>Frames dropped for a slow reader since the connection opened (the running total of <see cref="VideoFramesDiscarded"/>).</summary>
    public long TotalFramesDiscarded { get; init; }
}
