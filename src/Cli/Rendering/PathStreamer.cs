using System.Diagnostics;
using ArrHost.Client;

namespace ArrHost.Cli.Rendering;

/// <summary>
/// Drives a connection's camera along a <see cref="CameraPath"/> at a fixed pose rate while one
/// reader receives the frames into a <see cref="StreamStatistics"/> and an optional
/// <see cref="StreamRecorder"/>: the streaming loop of <c>arr connect</c>, <c>arr demo</c> and <c>arr bench</c>.
/// </summary>
internal static class PathStreamer
{
    /// <summary>
    /// How long to keep receiving after the last pose, for the frames still in flight. The reader
    /// stops at the last pose's frame, so this is only spent in full when that frame never comes.
    /// </summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <param name="connection">The open connection, with the model loaded.</param>
    /// <param name="path">The camera path; sampled at the time since the start.</param>
    /// <param name="duration">How long to send poses.</param>
    /// <param name="poseRate">Poses per second (1..240).</param>
    /// <param name="statistics">Receives every frame.</param>
    /// <param name="recorder">Records every frame; may be null.</param>
    /// <param name="progress">Receives the fraction of <paramref name="duration"/> done, on the pose loop's thread; may be null.</param>
    /// <param name="cancellationToken">Stops early (then <see cref="OperationCanceledException"/>).</param>
    public static async Task<PathStreamResult> RunAsync(
        RenderingConnection connection,
        CameraPath path,
        TimeSpan duration,
        int poseRate,
        StreamStatistics statistics,
        StreamRecorder? recorder,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfLessThan(poseRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(poseRate, 240);

        using var readCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lastPose = 0UL;
        long finalPose = 0; // set when the pose loop ends: the reader stops at the frame of that pose
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in connection.ReadFramesAsync(readCts.Token).ConfigureAwait(false))
                {
                    statistics.Add(frame);
                    recorder?.Add(frame);
                    var final = Interlocked.Read(ref finalPose);
                    if (final > 0 && frame.PoseId >= (ulong)final) break;
                }
            }
            catch (OperationCanceledException) when (readCts.IsCancellationRequested)
            {
                // The drain period ended.
            }
        }, CancellationToken.None);

        long poses = 0;
        var clock = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / poseRate)))
        {
            try
            {
                do
                {
                    var t = clock.Elapsed;
                    if (t >= duration || reader.IsCompleted) break;
                    var camera = path.At(t.TotalSeconds);
                    lastPose = connection.SubmitPose(camera.Position, camera.Orientation, camera.VerticalFovDegrees, camera.Near, camera.Far);
                    poses++;
                    progress?.Report(Math.Clamp(t / duration, 0, 1));
                }
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (RemoteRenderingException ex) when (ex.ErrorCode == RemoteRenderingErrorCodes.ConnectionClosed)
            {
                // The host ended the connection (stop, expiry, host gone): reported below.
            }
            catch (OperationCanceledException)
            {
                await readCts.CancelAsync().ConfigureAwait(false);
                await reader.ConfigureAwait(false);
                throw;
            }
        }

        var elapsed = clock.Elapsed;
        progress?.Report(1);
        Interlocked.Exchange(ref finalPose, (long)lastPose);
        readCts.CancelAfter(Drain);
        await reader.ConfigureAwait(false);
        return connection.Status == ConnectionStatus.Disconnected
            ? new PathStreamResult(elapsed, poses, connection.DisconnectReason, connection.DisconnectMessage)
            : new PathStreamResult(elapsed, poses, null, null);
    }
}
