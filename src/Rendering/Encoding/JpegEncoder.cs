using System.Buffers;
using System.Diagnostics;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Encoding.Native;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// One JPEG per frame through TurboJPEG's tjCompress2 (TJFLAG_NOREALLOC), compressing straight
/// into the output writer's span of tjBufSize bytes: no intermediate buffer, no per-frame allocation.
/// </summary>
internal sealed unsafe class JpegEncoder : IFrameEncoder
{
    private readonly int _quality;
    private readonly int _subsampling;
    private readonly int _capacity;
    private nint _handle;

    private JpegEncoder(int width, int height, int quality, int subsampling, nint handle)
    {
        Width = width;
        Height = height;
        _quality = quality;
        _subsampling = subsampling;
        _handle = handle;
        _capacity = checked((int)TurboJpeg.tjBufSize(width, height, subsampling));
    }

    public Codec Codec => Codec.Jpeg;

    public string Name => "libturbojpeg";

    public int Width { get; }

    public int Height { get; }

    /// <param name="subsampling">"420", "422" or "444".</param>
    /// <exception cref="CodecUnavailableException">libturbojpeg.so.0 is missing.</exception>
    public static JpegEncoder Open(int width, int height, int quality, string subsampling)
    {
        int samp = subsampling switch
        {
            "444" => TurboJpeg.TJSAMP_444,
            "422" => TurboJpeg.TJSAMP_422,
            _ => TurboJpeg.TJSAMP_420,
        };
        nint handle;
        try
        {
            handle = TurboJpeg.tjInitCompress();
        }
        catch (DllNotFoundException e)
        {
            throw new CodecUnavailableException($"JPEG needs {TurboJpeg.Library}: {e.Message}", TurboJpeg.Package, e);
        }
        if (handle == 0)
        {
            throw new CodecUnavailableException("tjInitCompress failed.", TurboJpeg.Package);
        }
        return new JpegEncoder(width, height, quality, samp, handle);
    }

    public EncodeResult Encode(ReadOnlySpan<byte> rgba, int rowPitch, bool forceKeyframe, IBufferWriter<byte> output)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        long start = Stopwatch.GetTimestamp();
        FrameGeometry.Check(rgba, rowPitch, Width, Height);
        Span<byte> dst = output.GetSpan(_capacity);
        nuint size = (nuint)dst.Length;
        fixed (byte* src = rgba)
        fixed (byte* pdst = dst)
        {
            byte* jpeg = pdst;
            if (TurboJpeg.tjCompress2(_handle, src, Width, rowPitch, Height, TurboJpeg.TJPF_RGBA, &jpeg, &size, _subsampling, _quality, TurboJpeg.TJFLAG_NOREALLOC) != 0)
            {
                throw new InvalidOperationException($"tjCompress2: {TurboJpeg.ErrorText(_handle)}");
            }
        }
        output.Advance((int)size);
        return new EncodeResult((int)size, true, Stopwatch.GetTimestamp() - start);
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            TurboJpeg.tjDestroy(_handle);
            _handle = 0;
        }
    }
}
