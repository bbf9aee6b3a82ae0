using System.Diagnostics;
using ArrHost.Client.Media;

namespace ArrHost.Client.Tests.Media;

public class PngWriterTests
{
    [Fact]
    public void Write_RgbaImageWithPitch_FfmpegDecodesIdenticalPixels()
    {
        const int w = 37, h = 23, pitch = w * 4 + 12;
        var rgba = new byte[pitch * h];
        var expected = new byte[w * h * 4];
        var rng = new Random(7);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w * 4; x++)
            {
                byte v = (byte)(x % 4 == 3 ? 200 + (y % 50) : rng.Next(256));
                rgba[y * pitch + x] = v;
                expected[y * w * 4 + x] = v;
            }
        }
        string path = Path.Combine(Path.GetTempPath(), $"arr-png-{Guid.NewGuid():N}.png");
        try
        {
            PngWriter.Write(path, rgba, w, h, pitch);
            var psi = new ProcessStartInfo("/usr/bin/ffmpeg", $"-v error -nostdin -i \"{path}\" -f rawvideo -pix_fmt rgba -") { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            var output = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(output);
            Assert.True(p.WaitForExit(30_000), "ffmpeg did not finish");
            Assert.Equal(0, p.ExitCode);
            Assert.Equal(expected, output.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_Header_HasSignatureAndIhdr()
    {
        var ms = new MemoryStream();
        PngWriter.Write(ms, new byte[16 * 4 * 2], 16, 2);
        byte[] b = ms.ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 16, 0, 0, 0, 2, 8, 6, 0, 0, 0 }, b[..29]);
        Assert.Equal("IEND"u8.ToArray(), b[^8..^4]);
    }

    [Fact]
    public void Write_BufferTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.Write(new MemoryStream(), new byte[10], 16, 16));
    }
}
