using System.Runtime.InteropServices;

namespace ArrHost.RenderHost.Imaging;

/// <summary>JPEG decoding through libjpeg-turbo's TurboJPEG API (libturbojpeg.so.0, Debian libturbojpeg0).</summary>
internal static unsafe class TurboJpeg
{
    private const int TJPF_RGBA = 7;
    private const int TJFLAG_STOPONWARNING = 8192;

    private static readonly Lazy<Api> Functions = new(() => new Api(new NativeCodecLibrary(Encoding.Native.TurboJpeg.Library, Encoding.Native.TurboJpeg.Package)));

    private sealed class Api
    {
        public readonly delegate* unmanaged<nint> InitDecompress;
        public readonly delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> DecompressHeader3;
        public readonly delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> Decompress2;
        public readonly delegate* unmanaged<nint, byte*> GetErrorStr2;
        public readonly delegate* unmanaged<nint, int> Destroy;

        public Api(NativeCodecLibrary lib)
        {
            InitDecompress = (delegate* unmanaged<nint>)lib.Export("tjInitDecompress");
            DecompressHeader3 = (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)lib.Export("tjDecompressHeader3");
            Decompress2 = (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)lib.Export("tjDecompress2");
            GetErrorStr2 = (delegate* unmanaged<nint, byte*>)lib.Export("tjGetErrorStr2");
            Destroy = (delegate* unmanaged<nint, int>)lib.Export("tjDestroy");
        }
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> jpeg, long maxPixels)
    {
        var api = Functions.Value;
        nint handle = api.InitDecompress();
        if (handle == 0)
            throw new ImageDecodeException("tjInitDecompress failed: " + Error(api, 0));
        try
        {
            fixed (byte* src = jpeg)
            {
                int width, height, subsamp, colorspace;
                if (api.DecompressHeader3(handle, src, (nuint)jpeg.Length, &width, &height, &subsamp, &colorspace) != 0)
                    throw new ImageDecodeException("corrupt JPEG: " + Error(api, handle));
                ImageDecoder.CheckSize("JPEG", width, height, maxPixels);
                var rgba = GC.AllocateUninitializedArray<byte>(checked(width * height * 4));
                fixed (byte* dst = rgba)
                {
                    // Warnings (e.g. a truncated scan) are errors: a half-grey texture is a corrupt file.
                    if (api.Decompress2(handle, src, (nuint)jpeg.Length, dst, width, 0, height, TJPF_RGBA, TJFLAG_STOPONWARNING) != 0)
                        throw new ImageDecodeException("corrupt JPEG: " + Error(api, handle));
                }
                return new DecodedImage(width, height, rgba);
            }
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    private static string Error(Api api, nint handle)
    {
        byte* s = api.GetErrorStr2(handle);
        return s == null ? "unknown error" : Marshal.PtrToStringUTF8((nint)s) ?? "unknown error";
    }
}
