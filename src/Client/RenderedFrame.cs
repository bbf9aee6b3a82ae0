namespace ArrHost.Client;

/// <summary>One encoded frame as received from the render host.</summary>
public sealed class RenderedFrame
{
    internal RenderedFrame(
        ulong frameNumber,
        ulong poseId,
        FrameCodec codec,
        bool keyframe,
        int width,
        int height,
        ReadOnlyMemory<byte> data,
        FrameHostTimings hostTimings,
        TimeSpan poseToReceiveLatency,
        int posesDropped,
        bool overBudget,
        long receivedAtUs)
    {
        FrameNumber = frameNumber;
        PoseId = poseId;
        Codec = codec;
        Keyframe = keyframe;
        Width = width;
        Height = height;
        Data = data;
        HostTimings = hostTimings;
        PoseToReceiveLatency = poseToReceiveLatency;
        PosesDropped = posesDropped;
        OverBudget = overBudget;
        ReceivedAtUs = receivedAtUs;
    }

    /// <summary>Increases by one per frame the host sent on this connection.</summary>
    public ulong FrameNumber { get; }

    /// <summary>The id of the pose rendered (as returned by <see cref="RenderingConnection.SubmitPose"/>).</summary>
    public ulong PoseId { get; }

    /// <summary>The codec of <see cref="Data"/>.</summary>
    public FrameCodec Codec { get; }

    /// <summary>Whether the frame decodes on its own (always true for Raw and Jpeg).</summary>
    public bool Keyframe { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The encoded frame (RGBA8 rows for Raw, a JPEG file, an H.264 Annex-B access unit).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Host-side stage durations.</summary>
    public FrameHostTimings HostTimings { get; }

    /// <summary>On the client's clock: from <see cref="RenderingConnection.SubmitPose"/> to this frame fully received.</summary>
    public TimeSpan PoseToReceiveLatency { get; }

    /// <summary>Poses the host dropped (a newer one arrived first) since the previous frame.</summary>
    public int PosesDropped { get; }

    /// <summary>Whether the scene exceeded the host's primitive budget and a checkerboard was drawn instead.</summary>
    public bool OverBudget { get; }

    /// <summary>The client's monotonic clock (µs) when the frame was received.</summary>
    internal long ReceivedAtUs { get; }

    /// <summary>
    /// When the frame was fully received, on the client's monotonic clock (the <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp, from an arbitrary origin): the difference between two frames is their arrival interval, e.g. to
    /// record a stream at the pace it was seen.
    /// </summary>
    public TimeSpan ReceivedAt => TimeSpan.FromMicroseconds(ReceivedAtUs);

    /// <summary>The client's monotonic clock (µs) when the frame was handed to the application; 0 before.</summary>
    internal long PresentedAtUs { get; set; }
}
