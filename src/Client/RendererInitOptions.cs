namespace ArrHost.Client;

/// <summary>How <see cref="RenderingSession.ConnectAsync"/> asks the host to render and encode frames.</summary>
public sealed class RendererInitOptions
{
    /// <summary>The codec. Default <see cref="FrameCodec.Jpeg"/>.</summary>
    public FrameCodec Codec { get; set; } = FrameCodec.Jpeg;

    /// <summary>Frame width in pixels, 16..8192 (even for H.264). Default 1280.</summary>
    public int Width { get; set; } = 1280;

    /// <summary>Frame height in pixels, 16..8192 (even for H.264). Default 720.</summary>
    public int Height { get; set; } = 720;

    /// <summary>The highest frame rate wanted, 1..240. Default 60.</summary>
    public int MaxFrameRate { get; set; } = 60;

    /// <summary>Frames rendered ahead while earlier ones are read back and encoded, 1..4. Default 2.</summary>
    public int FramesInFlight { get; set; } = 2;

    /// <summary>JPEG quality 1..100. Default 85.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>JPEG chroma subsampling. Default <see cref="JpegSubsampling.Yuv420"/>.</summary>
    public JpegSubsampling JpegSubsampling { get; set; } = JpegSubsampling.Yuv420;

    /// <summary>H.264 target bitrate in kbit/s; 0 means constant quality. Default 0.</summary>
    public int BitrateKbps { get; set; }

    /// <summary>H.264 keyframe interval in frames. Default 60.</summary>
    public int GopLength { get; set; } = 60;

    /// <summary>
    /// Received frames kept for a slow reader of <see cref="RenderingConnection.ReadFramesAsync"/>;
    /// when full the oldest is dropped (counted in <see cref="FrameStatistics.VideoFramesDiscarded"/>). Default 4.
    /// </summary>
    public int FrameBufferCapacity { get; set; } = 4;

    /// <summary>
    /// Acknowledge every frame received, so that the host paces frames to what the network delivers: on a
    /// slow link the frame rate drops instead of frames queueing in the network and adding latency.
    /// Default true.
    /// </summary>
    public bool AcknowledgeFrames { get; set; } = true;

    /// <summary>How long to wait for the host's welcome. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Checks the options and throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Codec)) throw new ArgumentException("Unknown codec.", nameof(Codec));
        if (Width is < 16 or > 8192) throw new ArgumentException("Width must be 16..8192.", nameof(Width));
        if (Height is < 16 or > 8192) throw new ArgumentException("Height must be 16..8192.", nameof(Height));
        if (Codec == FrameCodec.H264 && (Width % 2 != 0 || Height % 2 != 0))
        {
            throw new ArgumentException("H.264 needs an even width and height.", nameof(Width));
        }

        if (MaxFrameRate is < 1 or > 240) throw new ArgumentException("MaxFrameRate must be 1..240.", nameof(MaxFrameRate));
        if (FramesInFlight is < 1 or > 4) throw new ArgumentException("FramesInFlight must be 1..4.", nameof(FramesInFlight));
        if (JpegQuality is < 1 or > 100) throw new ArgumentException("JpegQuality must be 1..100.", nameof(JpegQuality));
        if (!Enum.IsDefined(JpegSubsampling)) throw new ArgumentException("Unknown JPEG subsampling.", nameof(JpegSubsampling));
        if (BitrateKbps < 0) throw new ArgumentException("BitrateKbps must not be negative.", nameof(BitrateKbps));
        if (GopLength < 0) throw new ArgumentException("GopLength must not be negative.", nameof(GopLength));
        if (FrameBufferCapacity < 1) throw new ArgumentException("FrameBufferCapacity must be at least 1.", nameof(FrameBufferCapacity));
        if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentException("ConnectTimeout must be positive.", nameof(ConnectTimeout));
    }
}
