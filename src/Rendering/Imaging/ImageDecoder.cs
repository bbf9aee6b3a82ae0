namespace ArrHost.Rendering.Imaging;

/// <summary>Decodes PNG (libpng) and JPEG (libjpeg-turbo) images to RGBA8. Thread-safe.</summary>
internal static class ImageDecoder
{
    /// <summary>Largest pixel count accepted when the caller gives no limit (16384 x 16384).</summary>
    public const long DefaultMaxPixels = 16384L * 16384L;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Identifies the format from the leading bytes (the declared MIME type is only a hint in glTF).</summary>
    public static ImageFormat Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature)) return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        return ImageFormat.Unknown;
    }

    /// <summary>Decodes <paramref name="data"/>; throws <see cref="ImageDecodeException"/> on any problem.</summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, long maxPixels = DefaultMaxPixels)
    {
        return Sniff(data) switch
        {
            ImageFormat.Png => LibPng.Decode(data, maxPixels),
            ImageFormat.Jpeg => JpegImageDecoder.Decode(data, maxPixels),
            _ => throw new ImageDecodeException(data.Length == 0
                ? "empty image data"
                : $"unrecognised image format (first bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])}); PNG and JPEG are supported"),
        };
    }

    internal static void CheckSize(string codec, long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException($"{codec} image has invalid size {width}x{height}");
        if (width * height > maxPixels)
            throw new ImageDecodeException($"{codec} image {width}x{height} has {width * height} pixels, over the limit of {maxPixels}");
        if (width * height * 4 > Array.MaxLength)
            throw new ImageDecodeException($"{codec} image {width}x{height} is too large for one RGBA buffer");
    }
}
