using ArrHost.Client.Decoding.Native;

namespace ArrHost.Client.Decoding;

/// <summary>Decodes CODEC_JPEG frames with libjpeg-turbo (tjDecompress2 straight into the destination).</summary>
public sealed unsafe class JpegDecoder : IFrameDecoder
{
    private nint _handle;

    /// <summary>Creates the decoder.</summary>
    /// <exception cref="FrameDecoderUnavailableException">libturbojpeg.so.0 is missing.</exception>
    public JpegDecoder()
    {
        try
        {
            _handle = TurboJpegDecodeApi.tjInitDecompress();
        }
        catch (DllNotFoundException e)
        {
            throw new FrameDecoderUnavailableException($"JPEG decoding needs {TurboJpegDecodeApi.Library}: {e.Message}", TurboJpegDecodeApi.Package, e);
        }
        if (_handle == 0)
        {
            throw new FrameDecoderUnavailableException("tjInitDecompress failed.", TurboJpegDecodeApi.Package);
        }
    }

    /// <inheritdoc />
    public FrameCodec Codec => FrameCodec.Jpeg;

    /// <inheritdoc />
    public bool Decode(ReadOnlySpan<byte> data, int width, int height, Span<byte> destination, int destinationRowPitch, out DecodedFrameInfo info)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        FrameDecoders.CheckDestination(width, height, destination.Length, destinationRowPitch);
        fixed (byte* src = data)
        fixed (byte* dst = destination)
        {
            int w, h, samp, cs;
            if (TurboJpegDecodeApi.tjDecompressHeader3(_handle, src, (nuint)data.Length, &w, &h, &samp, &cs) != 0)
            {
                throw new InvalidDataException($"Not a JPEG frame: {TurboJpegDecodeApi.ErrorText(_handle)}");
            }
            if (w != width || h != height)
            {
                throw new InvalidDataException($"The JPEG is {w}x{h}, the frame says {width}x{height}.");
            }
            if (TurboJpegDecodeApi.tjDecompress2(_handle, src, (nuint)data.Length, dst, w, destinationRowPitch, h, TurboJpegDecodeApi.TJPF_RGBA, 0) != 0)
            {
                throw new InvalidDataException($"tjDecompress2: {TurboJpegDecodeApi.ErrorText(_handle)}");
            }
        }
        info = new DecodedFrameInfo(width, height, true);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handle != 0)
        {
            TurboJpegDecodeApi.tjDestroy(_handle);
            _handle = 0;
        }
    }
}
