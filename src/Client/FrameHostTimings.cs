namespace ArrHost.Client;

/// <summary>Durations the host measured for one frame (the host reports durations, never absolute times).</summary>
/// <param name="Wait">From the pose's arrival to the start of its rendering (waiting for a free frame slot).</param>
/// <param name="Render">Recording, submitting and executing the draw.</param>
/// <param name="Readback">Copying the image into host memory.</param>
/// <param name="Encode">Colour conversion and encoding.</param>
/// <param name="PreviousSend">
/// Writing the previous frame of the connection (<see cref="RenderedFrame.FrameNumber"/> - 1) to the stream;
/// zero on the first frame. It belongs to that frame's pose, not to this frame's: a frame's own send time
/// is known only after it was written.
/// </param>
/// <param name="Total">From the pose's arrival to the frame handed to the stream.</param>
public readonly record struct FrameHostTimings(TimeSpan Wait, TimeSpan Render, TimeSpan Readback, TimeSpan Encode, TimeSpan PreviousSend, TimeSpan Total);
