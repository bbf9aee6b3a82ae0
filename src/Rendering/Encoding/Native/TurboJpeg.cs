using System.Runtime.InteropServices;

namespace ArrHost.Rendering.Encoding.Native;

/// <summary>
/// P/Invoke into libjpeg-turbo's TurboJPEG API (Debian 12: libturbojpeg.so.0, package libturbojpeg0):
/// compression for the JPEG frame encoder, decompression for JPEG textures.
/// </summary>
internal static unsafe class TurboJpeg
{
    public const string Library = "libturbojpeg.so.0";
    public const string Package = "libturbojpeg0";

    public const int TJPF_RGBA = 7;
    public const int TJSAMP_444 = 0;
    public const int TJSAMP_422 = 1;
    public const int TJSAMP_420 = 2;
    public const int TJFLAG_NOREALLOC = 1024;

    [DllImport(Library)] public static extern nint tjInitCompress();
    [DllImport(Library)] public static extern int tjDestroy(nint handle);
    [DllImport(Library)] public static extern nuint tjBufSize(int width, int height, int subsamp);
    [DllImport(Library)] public static extern int tjCompress2(nint handle, byte* src, int width, int pitch, int height, int pixelFormat, byte** jpegBuf, nuint* jpegSize, int subsamp, int quality, int flags);
    [DllImport(Library)] public static extern byte* tjGetErrorStr2(nint handle);
    [DllImport(Library)] public static extern nint tjInitDecompress();
    [DllImport(Library)] public static extern int tjDecompressHeader3(nint handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* subsamp, int* colorspace);
    [DllImport(Library)] public static extern int tjDecompress2(nint handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    public static string ErrorText(nint handle)
    {
        var text = tjGetErrorStr2(handle);
        return text == null ? "unknown TurboJPEG error" : Marshal.PtrToStringUTF8((nint)text) ?? "unknown TurboJPEG error";
    }
}
