using ArrHost.Client;
using ArrHost.Client.Decoding;
using ArrHost.Client.Media;

namespace ArrHost.Cli.Rendering;

/// <summary>
/// Writes a received frame stream as files a person can play and look at: H.264 as
/// <c>stream.mp4</c>, JPEG as <c>stream.mjpeg</c> (concatenated JPEGs: <c>ffplay -f mjpeg</c>, VLC),
/// raw RGBA as PNG frames; and every Nth frame as <c>frame_NNNNN.png</c>. Decodes on the client
/// only what the PNGs need (every H.264 frame once a PNG is wanted, since H.264 frames depend on
/// earlier ones). Not thread-safe: one reader loop calls <see cref="Add(RenderedFrame)"/>.
/// </summary>
internal sealed class StreamRecorder : IDisposable
{
    public const string Mp4Name = "stream.mp4";
    public const string MjpegName = "stream.mjpeg";

    private readonly FrameCodec _codec;
    private readonly int _pngEvery;
    private readonly Mp4H264Writer? _mp4;
    private readonly FileStream? _mjpeg;
    private readonly List<string> _pngs = [];
    private IFrameDecoder? _decoder;
    private byte[] _rgba = [];
    private int _index;
    private bool _disposed;

    /// <param name="directory">Created when missing.</param>
    /// <param name="codec">The stream's codec.</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="frameRate">The nominal frame rate of the MP4 (the pose rate); frames are timed by when they were received.</param>
    /// <param name="savePngEvery">Save frame 0, N, 2N, ... as PNG; 0 saves none (raw streams then save every frame, their only playable form).</param>
    public StreamRecorder(string directory, FrameCodec codec, int width, int height, int frameRate, int savePngEvery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(savePngEvery);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        _codec = codec;
        _pngEvery = savePngEvery == 0 && codec == FrameCodec.Raw ? 1 : savePngEvery;
        switch (codec)
        {
            case FrameCodec.H264:
                StreamPath = Path.Combine(Directory, Mp4Name);
                _mp4 = new Mp4H264Writer(StreamPath, width, height, Math.Clamp(frameRate, 1, 240));
                break;
            case FrameCodec.Jpeg:
                StreamPath = Path.Combine(Directory, MjpegName);
                _mjpeg = new FileStream(StreamPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
                break;
        }
    }

    public string Directory { get; }

    /// <summary>The playable stream file (null for raw streams, which are saved as PNG frames).</summary>
    public string? StreamPath { get; }

    /// <summary>The PNG files written so far.</summary>
    public IReadOnlyList<string> PngPaths => _pngs;

    /// <summary>Frames written into <see cref="StreamPath"/> (an MP4 starts at the first keyframe).</summary>
    public int FramesWritten { get; private set; }

    /// <summary>Frames handed to <see cref="Add(RenderedFrame)"/>.</summary>
    public int FramesSeen => _index;

    /// <summary>Records one frame.</summary>
    public void Add(RenderedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Add(frame.Codec, frame.Data, frame.Width, frame.Height, frame.ReceivedAt);
    }

    /// <summary>Records one encoded frame of <paramref name="codec"/>, received at <paramref name="receivedAt"/> (the client's clock).</summary>
    public void Add(FrameCodec codec, ReadOnlyMemory<byte> encoded, int width, int height, TimeSpan receivedAt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = _index++;
        var data = encoded.Span;
        if (_mp4 is not null)
        {
            // Receive times, so a stream slower than the pose rate plays at the pace it was seen.
            if (_mp4.WriteFrame(data, receivedAt)) FramesWritten++;
        }
        else if (_mjpeg is not null)
        {
            _mjpeg.Write(data);
            FramesWritten++;
        }

        var wantPng = _pngEvery > 0 && index % _pngEvery == 0;
        if (!wantPng && !(_pngEvery > 0 && _codec == FrameCodec.H264)) return;
        if (!TryDecode(codec, encoded, width, height, out var rgba) || !wantPng) return;
        var path = Path.Combine(Directory, $"frame_{index:D5}.png");
        PngWriter.Write(path, rgba.Span, width, height);
        _pngs.Add(path);
    }

    /// <summary>Finishes the files (the MP4's index); idempotent.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _mp4?.Dispose();
        _mjpeg?.Dispose();
        _decoder?.Dispose();
    }

    /// <summary>The frame's RGBA pixels: raw frames are used as they are, others are decoded into a reused buffer.</summary>
    private bool TryDecode(FrameCodec codec, ReadOnlyMemory<byte> data, int width, int height, out ReadOnlyMemory<byte> rgba)
    {
        rgba = default;
        if (codec == FrameCodec.Raw)
        {
            var need = width * height * 4;
            if (data.Length < need) return false;
            rgba = data[..need];
            return true;
        }

        _decoder ??= FrameDecoders.Create(codec == FrameCodec.H264 ? FrameCodec.H264 : FrameCodec.Jpeg);
        var size = FrameDecoders.RgbaBufferSize(width, height);
        if (_rgba.Length != size) _rgba = new byte[size];
        try
        {
            var decoded = _decoder.Decode(data.Span, width, height, _rgba, width * 4, out _);
            rgba = _rgba;
            return decoded;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
