namespace ArrHost.Rendering.Tests.Encoding;

/// <summary>A short synthetic but render-like sequence: moving gradients, soft-edged shapes, a lit "sphere".</summary>
internal static class TestFrames
{
    public const int Width = 320;
    public const int Height = 240;
    public const int Count = 30;

    public static byte[][] Sequence(int count = Count, int width = Width, int height = Height)
    {
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            frames[i] = Frame(i, width, height);
        }
        return frames;
    }

    public static byte[] Frame(int t, int width = Width, int height = Height)
    {
        var f = new byte[width * height * 4];
        double cx1 = width * (0.3 + 0.2 * Math.Sin(t * 0.15)), cy1 = height * (0.5 + 0.2 * Math.Cos(t * 0.1));
        double cx2 = width * (0.7 - 0.003 * t), cy2 = height * 0.35;
        double rx = 20 + t * 2.0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Moving background gradient.
                double r = 40 + 60.0 * x / width + 10 * Math.Sin((y + t * 3) * 0.05);
                double g = 30 + 80.0 * y / height;
                double b = 90 + 40 * Math.Sin((x + y + t * 4) * 0.02);
                // A lit sphere (shaded disc) with a soft edge.
                double dx = (x - cx1) / 50, dy = (y - cy1) / 50, d2 = dx * dx + dy * dy;
                double a = Math.Clamp((1 - Math.Sqrt(d2)) * 50 / 1.5, 0, 1);
                if (a > 0)
                {
                    double nz = Math.Sqrt(Math.Max(0, 1 - d2));
                    double lambert = Math.Clamp(0.2 + 0.8 * (0.5 * -dx + 0.5 * -dy + 0.7 * nz), 0, 1);
                    r = r * (1 - a) + 220 * lambert * a;
                    g = g * (1 - a) + 120 * lambert * a;
                    b = b * (1 - a) + 60 * lambert * a;
                }
                // A second, smaller orange-ish disc.
                double e = Math.Sqrt((x - cx2) * (x - cx2) + (y - cy2) * (y - cy2));
                double a2 = Math.Clamp((30 - e) / 1.5, 0, 1);
                r = r * (1 - a2) + 200 * a2;
                g = g * (1 - a2) + 160 * a2;
                b = b * (1 - a2) + 90 * a2;
                // A moving rectangle.
                if (x >= rx && x < rx + 40 && y >= height - 70 && y < height - 30)
                {
                    r = 0.5 * r + 60;
                    g = 0.5 * g + 90;
                    b = 0.5 * b + 50;
                }
                int o = (y * width + x) * 4;
                f[o] = (byte)Math.Clamp(r, 0, 255);
                f[o + 1] = (byte)Math.Clamp(g, 0, 255);
                f[o + 2] = (byte)Math.Clamp(b, 0, 255);
                f[o + 3] = 255;
            }
        }
        return f;
    }

    /// <summary>PSNR over R, G and B (alpha ignored) in dB; infinity when identical.</summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Lengths differ: {a.Length} vs {b.Length}");
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.Length; i += 4)
        {
            for (int c = 0; c < 3; c++)
            {
                int d = a[i + c] - b[i + c];
                sum += d * d;
            }
            n += 3;
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / (sum / n));
    }
}
