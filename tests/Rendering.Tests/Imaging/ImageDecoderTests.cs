using System.Diagnostics;
using ArrHost.Rendering.Imaging;

namespace ArrHost.Rendering.Tests.Imaging;

public sealed class ImageDecoderTests
{
    [Fact]
    public void Decode_HandWrittenRgbaPng_ExactPixels()
    {
        var png = PngTestImages.Encode(3, 2, (x, y) => ((byte)(x * 100), (byte)(y * 200), 7, (byte)(255 - x)));

        var image = ImageDecoder.Decode(png);

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal([0, 0, 7, 255, 100, 0, 7, 254, 200, 0, 7, 253], image.Rgba[..12]);
        Assert.Equal([0, 200, 7, 255], image.Rgba[12..16]);
    }

    [Fact]
    public void Decode_FfmpegPng_SolidColour()
    {
        var png = Ffmpeg("png", "0x3366CC", 16, 8);

        var image = ImageDecoder.Decode(png);

        Assert.Equal((16, 8), (image.Width, image.Height));
        // lavfi's colour source passes through YUV, so the stored colour is within a few levels of the request.
        var first = image.Rgba[..4];
        Assert.InRange(first[0], 0x33 - 4, 0x33 + 4);
        Assert.InRange(first[1], 0x66 - 4, 0x66 + 4);
        Assert.InRange(first[2], 0xCC - 4, 0xCC + 4);
        Assert.Equal(0xFF, first[3]);
        for (int i = 0; i < image.Rgba.Length; i += 4)
            Assert.Equal(first, image.Rgba[i..(i + 4)]);
    }

    [Fact]
    public void Decode_Ffmpeg16BitPng_StoredValuesNotGammaConverted()
    {
        var png8 = ImageDecoder.Decode(Ffmpeg("png", "0x336699", 4, 4));
        var png16 = ImageDecoder.Decode(Ffmpeg("png", "0x336699", 4, 4, "rgb48be"));

        for (int c = 0; c < 3; c++) Assert.InRange(png16.Rgba[c] - png8.Rgba[c], -1, 1);
    }

    [Fact]
    public void Decode_FfmpegJpeg_SolidColourWithinTolerance()
    {
        var jpeg = Ffmpeg("mjpeg", "0xC04020", 32, 16);

        var image = ImageDecoder.Decode(jpeg);

        Assert.Equal((32, 16), (image.Width, image.Height));
        for (int i = 0; i < image.Rgba.Length; i += 4)
        {
            Assert.InRange(image.Rgba[i], 0xC0 - 6, 0xC0 + 6);
            Assert.InRange(image.Rgba[i + 1], 0x40 - 6, 0x40 + 6);
            Assert.InRange(image.Rgba[i + 2], 0x20 - 6, 0x20 + 6);
            Assert.Equal(255, image.Rgba[i + 3]);
        }
    }

    [Fact]
    public void Decode_TruncatedJpeg_Throws()
    {
        var jpeg = Ffmpeg("mjpeg", "0xC04020", 64, 64);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2)));
        Assert.Contains("JPEG", ex.Message);
    }

    [Fact]
    public void Decode_CorruptPng_ThrowsNamingPng()
    {
        var png = PngTestImages.Solid(8, 8, 1, 2, 3, 4);
        png[^20] ^= 0xFF; // inside IDAT: CRC mismatch
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));
        Assert.Contains("PNG", ex.Message);

        var truncated = PngTestImages.Solid(8, 8, 1, 2, 3, 4)[..30];
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(truncated));
    }

    [Fact]
    public void Decode_UnknownFormat_Throws()
    {
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode("GIF89a..."u8));
        Assert.Contains("unrecognised image format", ex.Message);
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode([]));
    }

    [Fact]
    public void Decode_OverPixelLimit_ThrowsBeforeDecoding()
    {
        var png = PngTestImages.Solid(64, 64, 0, 0, 0, 0);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, maxPixels: 1000));
        Assert.Contains("over the limit", ex.Message);
    }

    /// <summary>A one-frame image made by the ffmpeg CLI (an independent encoder).</summary>
    internal static byte[] Ffmpeg(string codec, string colour, int width, int height, string? pixelFormat = null)
    {
        string file = Path.Combine(Path.GetTempPath(), $"arr-img-{Guid.NewGuid():N}.{(codec == "png" ? "png" : "jpg")}");
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", $"color=c={colour}:s={width}x{height}", "-frames:v", "1", "-c:v", codec, "-pix_fmt", pixelFormat ?? (codec == "png" ? "rgb24" : "yuvj444p"), "-q:v", "2", "-y", file })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException("ffmpeg"); }
        Assert.True(p.ExitCode == 0, "ffmpeg failed: " + err);
        try { return File.ReadAllBytes(file); }
        finally { File.Delete(file); }
    }
}
