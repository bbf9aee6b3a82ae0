using System.Runtime.InteropServices;

namespace ArrHost.Client.Decoding.Native;

/// <summary>TurboJPEG decompression (Debian 12: libturbojpeg.so.0, package libturbojpeg0).</summary>
internal static unsafe class TurboJpegDecodeApi
{
    public const string Library = "libturbojpeg.so.0";
    public const string Package = "libturbojpeg0";
    public const int TJPF_RGBA = 7;

    [DllImport(Library)] public static extern nint tjInitDecompress();
    [DllImport(Library)] public static extern int tjDestroy(nint handle);
    [DllImport(Library)] public static extern int tjDecompressHeader3(nint handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* subsamp, int* colorspace);
    [DllImport(Library)] public static extern int tjDecompress2(nint handle, byte* jpegBuf, nuint jpegSize, byte* dst, int width, int pitch, int height, int pixelFormat, int flags);
    [DllImport(Library)] public static extern byte* tjGetErrorStr2(nint handle);

    public static string ErrorText(nint handle) => Marshal.PtrToStringUTF8((nint)tjGetErrorStr2(handle)) ?? "unknown TurboJPEG error";
}
