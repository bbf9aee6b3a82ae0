using System.Runtime.InteropServices;

namespace ArrHost.Rendering.Imaging;

/// <summary>
/// PNG decoding through libpng's simplified API (libpng16.so.16, Debian libpng16-16), which reports
/// errors in the image struct instead of longjmp-ing through managed frames.
/// </summary>
internal static unsafe class LibPng
{
    private const uint PNG_IMAGE_VERSION = 1;
    private const uint PNG_FORMAT_RGBA = 3; // PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA
    private const uint PNG_IMAGE_FLAG_16BIT_sRGB = 0x04;

    /// <summary>Layout of png_image (png.h, libpng 1.6).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PngImage
    {
        public nint Opaque;
        public uint Version;
        public uint Width;
        public uint Height;
        public uint Format;
        public uint Flags;
        public uint ColormapEntries;
        public uint WarningOrError;
        public fixed byte Message[64];
    }

    private static readonly Lazy<Api> s_functions = new(() => new Api(new NativeCodecLibrary("libpng16.so.16", "libpng16-16")));

    private sealed class Api
    {
        public readonly delegate* unmanaged<PngImage*, byte*, nuint, int> BeginReadFromMemory;
        public readonly delegate* unmanaged<PngImage*, void*, void*, int, void*, int> FinishRead;
        public readonly delegate* unmanaged<PngImage*, void> Free;

        public Api(NativeCodecLibrary lib)
        {
            BeginReadFromMemory = (delegate* unmanaged<PngImage*, byte*, nuint, int>)lib.Export("png_image_begin_read_from_memory");
            FinishRead = (delegate* unmanaged<PngImage*, void*, void*, int, void*, int>)lib.Export("png_image_finish_read");
            Free = (delegate* unmanaged<PngImage*, void>)lib.Export("png_image_free");
        }
    }

    public static DecodedImage Decode(ReadOnlySpan<byte> png, long maxPixels)
    {
        var api = s_functions.Value;
        PngImage image = default;
        image.Version = PNG_IMAGE_VERSION;
        fixed (byte* src = png)
        {
            try
            {
                if (api.BeginReadFromMemory(&image, src, (nuint)png.Length) == 0)
                    throw new ImageDecodeException("corrupt PNG: " + Message(ref image));
                ImageDecoder.CheckSize("PNG", image.Width, image.Height, maxPixels);
                int width = (int)image.Width, height = (int)image.Height;
                image.Format = PNG_FORMAT_RGBA;
                // glTF textures are stored values: a 16-bit file without gamma chunks is not linear light.
                image.Flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
                var rgba = GC.AllocateUninitializedArray<byte>(checked(width * height * 4));
                fixed (byte* dst = rgba)
                {
                    if (api.FinishRead(&image, null, dst, 0, null) == 0)
                        throw new ImageDecodeException("corrupt PNG: " + Message(ref image));
                }
                return new DecodedImage(width, height, rgba);
            }
            finally
            {
                // png_image_free is safe on a struct whose opaque is already NULL (finish_read frees on success).
                api.Free(&image);
            }
        }
    }

    private static string Message(ref PngImage image)
    {
        fixed (byte* m = image.Message)
        {
            var span = new ReadOnlySpan<byte>(m, 64);
            int end = span.IndexOf((byte)0);
            var text = System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
            return text.Length == 0 ? "unknown libpng error" : text;
        }
    }
}
