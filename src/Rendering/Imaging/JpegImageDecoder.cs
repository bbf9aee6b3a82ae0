using ArrHost.Rendering.Encoding.Native;

namespace ArrHost.Rendering.Imaging;

/// <summary>JPEG textures decoded through libjpeg-turbo's TurboJPEG API (the same binding the JPEG frame encoder uses).</summary>
internal static unsafe class JpegImageDecoder
{
    private const int TJFLAG_STOPONWARNING = 8192;

    public static DecodedImage Decode(ReadOnlySpan<byte> jpeg, long maxPixels)
    {
        nint handle;
        try
        {
            handle = TurboJpeg.tjInitDecompress();
        }
        catch (DllNotFoundException)
        {
            throw new ImageDecodeException($"{TurboJpeg.Library} could not be loaded; install the Debian package {TurboJpeg.Package} (apt-get install {TurboJpeg.Package})");
        }

        if (handle == 0)
            throw new ImageDecodeException("tjInitDecompress failed: " + TurboJpeg.ErrorText(0));
        try
        {
            fixed (byte* src = jpeg)
            {
                int width, height, subsamp, colorspace;
                if (TurboJpeg.tjDecompressHeader3(handle, src, (nuint)jpeg.Length, &width, &height, &subsamp, &colorspace) != 0)
                    throw new ImageDecodeException("corrupt JPEG: " + TurboJpeg.ErrorText(handle));
                ImageDecoder.CheckSize("JPEG", width, height, maxPixels);
                var rgba = GC.AllocateUninitializedArray<byte>(checked(width * height * 4));
                fixed (byte* dst = rgba)
                {
                    // Warnings (e.g. a truncated scan) are errors: a half-grey texture is a corrupt file.
                    if (TurboJpeg.tjDecompress2(handle, src, (nuint)jpeg.Length, dst, width, 0, height, TurboJpeg.TJPF_RGBA, TJFLAG_STOPONWARNING) != 0)
                        throw new ImageDecodeException("corrupt JPEG: " + TurboJpeg.ErrorText(handle));
                }
                return new DecodedImage(width, height, rgba);
            }
        }
        finally
        {
            TurboJpeg.tjDestroy(handle);
        }
    }
}
