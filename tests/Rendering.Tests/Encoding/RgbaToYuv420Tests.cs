using ArrHost.Rendering.Encoding;

namespace ArrHost.Rendering.Tests.Encoding;

public unsafe class RgbaToYuv420Tests
{
    [Theory]
    [InlineData(0, 0, 0, 16, 128, 128)]
    [InlineData(255, 255, 255, 235, 128, 128)]
    [InlineData(255, 0, 0, 82, 90, 240)]
    [InlineData(0, 0, 255, 41, 240, 110)]
    [InlineData(0, 255, 0, 145, 54, 34)]
    public void Convert_SolidColour_MatchesBt601LimitedRange(byte r, byte g, byte b, int y, int u, int v)
    {
        const int w = 32, h = 4;
        byte[] rgba = new byte[w * h * 4];
        for (int i = 0; i < rgba.Length; i += 4)
        {
            (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (r, g, b, 255);
        }
        byte[] yp = new byte[w * h], up = new byte[w * h / 4], vp = new byte[w * h / 4];
        fixed (byte* s = rgba, py = yp, pu = up, pv = vp)
        {
            RgbaToYuv420.Convert(s, w * 4, w, h, py, w, pu, w / 2, pv, w / 2);
        }
        Assert.All(yp, value => Assert.InRange(value, y - 1, y + 1));
        Assert.All(up, value => Assert.InRange(value, u - 1, u + 1));
        Assert.All(vp, value => Assert.InRange(value, v - 1, v + 1));
    }

    [Fact]
    public void Convert_SimdAndScalarColumns_Agree()
    {
        // Width 40 = two 16-pixel SIMD blocks + 8 scalar columns; a horizontal pattern must not depend on the path.
        const int w = 40, h = 6;
        byte[] rgba = new byte[w * h * 4];
        var rng = new Random(1);
        byte[] column = new byte[8 * 4];
        rng.NextBytes(column);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                column.AsSpan((x % 8) * 4, 4).CopyTo(rgba.AsSpan((y * w + x) * 4));
            }
        }
        byte[] yp = new byte[w * h], up = new byte[w * h / 4], vp = new byte[w * h / 4];
        fixed (byte* s = rgba, py = yp, pu = up, pv = vp)
        {
            RgbaToYuv420.Convert(s, w * 4, w, h, py, w, pu, w / 2, pv, w / 2);
        }
        for (int x = 0; x < w; x++)
        {
            Assert.InRange(yp[x] - yp[x % 8], -1, 1);
        }
        for (int x = 0; x < w / 2; x++)
        {
            Assert.InRange(up[x] - up[x % 4], -1, 1);
            Assert.InRange(vp[x] - vp[x % 4], -1, 1);
        }
    }
}
