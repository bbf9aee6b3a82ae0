using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding.Native;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// Validates a client's <see cref="StreamOptions"/>, applies defaults and opens the encoder:
/// H.264 via h264_nvenc where an NVIDIA driver is present, else libx264; JPEG via libturbojpeg;
/// raw RGBA. A codec whose native library is missing falls back (H.264 -> JPEG -> raw).
/// </summary>
internal sealed class EncoderFactory
{
    public const int MinSize = 16;
    public const int MaxSize = 8192;

    private readonly Func<string, bool> _isLibraryAvailable;
    private readonly bool _tryNvenc;

    /// <param name="isLibraryAvailable">Probe for a versioned shared library (tests simulate missing ones).</param>
    /// <param name="tryNvenc">Whether to try h264_nvenc first; null = when an NVIDIA driver is present.</param>
    public EncoderFactory(Func<string, bool>? isLibraryAvailable = null, bool? tryNvenc = null)
    {
        _isLibraryAvailable = isLibraryAvailable ?? NativeCodecLibraries.IsAvailable;
        _tryNvenc = tryNvenc ?? NativeCodecLibraries.HasNvidiaDriver();
    }

    /// <summary>Checks the options and fills in defaults; call before streaming starts.</summary>
    /// <exception cref="StreamOptionsException">An unknown codec or an unsupported size, rate or setting.</exception>
    public static StreamOptions Normalize(StreamOptions? requested)
    {
        StreamOptions o = requested?.Clone() ?? new StreamOptions();
        if (o.Codec == Codec.Unspecified)
        {
            o.Codec = Codec.Jpeg;
        }
        if (!Enum.IsDefined(o.Codec))
        {
            throw new StreamOptionsException($"Unknown codec {(int)o.Codec}; supported: CODEC_RAW_RGBA, CODEC_JPEG, CODEC_H264.");
        }
        o.Width = o.Width == 0 ? 1280 : o.Width;
        o.Height = o.Height == 0 ? 720 : o.Height;
        if (o.Width is < MinSize or > MaxSize || o.Height is < MinSize or > MaxSize)
        {
            throw new StreamOptionsException($"Unsupported frame size {o.Width}x{o.Height}: width and height must be {MinSize}..{MaxSize}.");
        }
        if (o.Codec == Codec.H264 && (o.Width % 2 != 0 || o.Height % 2 != 0))
        {
            throw new StreamOptionsException($"Unsupported frame size {o.Width}x{o.Height} for H.264: YUV 4:2:0 needs an even width and height.");
        }
        o.MaxFrameRate = o.MaxFrameRate == 0 ? 60 : o.MaxFrameRate;
        if (o.MaxFrameRate > 240)
        {
            throw new StreamOptionsException($"max_frame_rate {o.MaxFrameRate} is out of range 1..240.");
        }
        o.FramesInFlight = o.FramesInFlight == 0 ? 2 : o.FramesInFlight;
        if (o.FramesInFlight > 4)
        {
            throw new StreamOptionsException($"frames_in_flight {o.FramesInFlight} is out of range 1..4.");
        }
        o.JpegQuality = o.JpegQuality == 0 ? 85 : o.JpegQuality;
        if (o.JpegQuality > 100)
        {
            throw new StreamOptionsException($"jpeg_quality {o.JpegQuality} is out of range 1..100.");
        }
        o.JpegSubsampling = string.IsNullOrEmpty(o.JpegSubsampling) ? "420" : o.JpegSubsampling;
        if (o.JpegSubsampling is not ("420" or "422" or "444"))
        {
            throw new StreamOptionsException($"jpeg_subsampling '{o.JpegSubsampling}' is not one of \"420\", \"422\", \"444\".");
        }
        o.GopLength = o.GopLength == 0 ? 60 : o.GopLength;
        if (o.BitrateKbps > 1_000_000)
        {
            throw new StreamOptionsException($"bitrate_kbps {o.BitrateKbps} is above 1000000.");
        }
        return o;
    }

    /// <summary>Validates, applies defaults and opens an encoder, falling back when a codec's library is missing.</summary>
    /// <exception cref="StreamOptionsException">Bad options (nothing is opened).</exception>
    public EncoderSelection Create(StreamOptions? requested)
    {
        StreamOptions options = Normalize(requested);
        Codec wanted = options.Codec;
        var notes = new List<string>();
        IFrameEncoder? encoder = null;
        if (wanted == Codec.H264)
        {
            encoder = TryH264(options, notes);
        }
        if (encoder == null && wanted is Codec.H264 or Codec.Jpeg)
        {
            encoder = TryJpeg(options, notes);
        }
        encoder ??= new RawEncoder((int)options.Width, (int)options.Height);
        if (encoder.Codec != wanted)
        {
            notes.Add($"Falling back from {wanted} to {encoder.Codec} ({encoder.Name}).");
        }
        options.Codec = encoder.Codec;
        return new EncoderSelection(encoder, options, notes) { RequestedCodec = wanted };
    }

    /// <summary>Adds the codecs this factory can open (by the same probe <see cref="Create"/> uses) to a host's capabilities.</summary>
    public HostCapabilities AddCodecs(HostCapabilities caps)
    {
        caps.Codecs.Add("raw");
        if (_isLibraryAvailable(TurboJpeg.Library)) caps.Codecs.Add("jpeg");
        if (s_h264Libraries.All(_isLibraryAvailable))
        {
            caps.Codecs.Add("h264");
            caps.H264Encoder = _tryNvenc ? "h264_nvenc" : "libx264";
        }

        return caps;
    }

    private static readonly string[] s_h264Libraries = [FFmpeg.AvCodecLibrary, FFmpeg.AvUtilLibrary, FFmpeg.SwScaleLibrary];

    /// <summary>The H.264 settings for normalized options.</summary>
    public static H264Settings H264SettingsFor(StreamOptions o) =>
        new((int)o.Width, (int)o.Height, (int)o.MaxFrameRate, (int)o.BitrateKbps, 23, (int)o.GopLength);

    private IFrameEncoder? TryH264(StreamOptions options, List<string> notes)
    {
        string? missing = s_h264Libraries.FirstOrDefault(l => !_isLibraryAvailable(l));
        if (missing != null)
        {
            notes.Add(new CodecUnavailableException($"H.264 is unavailable: {missing} cannot be loaded.", missing == FFmpeg.SwScaleLibrary ? FFmpeg.SwScalePackage : missing == FFmpeg.AvUtilLibrary ? FFmpeg.AvUtilPackage : FFmpeg.AvCodecPackage).Message);
            return null;
        }
        H264Settings settings = H264SettingsFor(options);
        if (_tryNvenc)
        {
            try
            {
                return H264Encoder.Open("h264_nvenc", settings);
            }
            catch (CodecUnavailableException e)
            {
                notes.Add($"h264_nvenc did not open, using libx264: {e.Message}");
            }
        }
        try
        {
            return H264Encoder.Open("libx264", settings);
        }
        catch (CodecUnavailableException e)
        {
            notes.Add(e.Message);
            return null;
        }
    }

    private IFrameEncoder? TryJpeg(StreamOptions options, List<string> notes)
    {
        if (!_isLibraryAvailable(TurboJpeg.Library))
        {
            notes.Add(new CodecUnavailableException($"JPEG is unavailable: {TurboJpeg.Library} cannot be loaded.", TurboJpeg.Package).Message);
            return null;
        }
        try
        {
            return JpegEncoder.Open((int)options.Width, (int)options.Height, (int)options.JpegQuality, options.JpegSubsampling);
        }
        catch (CodecUnavailableException e)
        {
            notes.Add(e.Message);
            return null;
        }
    }
}
