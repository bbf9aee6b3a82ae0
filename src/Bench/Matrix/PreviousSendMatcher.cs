namespace ArrHost.Bench.Matrix;

/// <summary>
/// Attributes the host's send durations to the right pose. The host knows how long writing a
/// frame took only after writing it, so frame N's send duration travels on frame N+1
/// (<c>FrameTimings.previous_send_us</c>). Counting it with the frame it arrived on would mix one
/// pose's send into another pose's sample and count the first frame's placeholder zero.
/// </summary>
internal sealed class PreviousSendMatcher
{
    private ulong _frameNumber;
    private ulong _poseId;
    private bool _measured;
    private bool _any;

    /// <summary>
    /// Takes the next frame the client received (in arrival order) and whether its pose is in the
    /// measured window. Returns the pose id the frame's previous-send duration belongs to (the
    /// frame numbered one less) when that frame was received and its pose is measured; null when
    /// it was not received (the first frame, or one the client skipped or discarded: its pose is
    /// unknown) or lies outside the window.
    /// </summary>
    public ulong? Next(ulong frameNumber, ulong poseId, bool measured)
    {
        ulong? owner = _any && _measured && frameNumber == _frameNumber + 1 ? _poseId : null;
        _frameNumber = frameNumber;
        _poseId = poseId;
        _measured = measured;
        _any = true;
        return owner;
    }
}
