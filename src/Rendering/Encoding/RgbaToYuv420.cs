using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// RGBA8 -> planar YUV 4:2:0, BT.601 limited range (the matrix swscale and decoders assume for
/// untagged streams). Luma uses 7-bit fixed-point weights (33, 64, 13) and chroma 8-bit weights
/// over the rounded 2x2 average, the way libyuv does it; SSSE3 handles 16 pixels per step.
/// Measured against swscale's SWS_BILINEAR (the baseline's converter) in bench/results/encode.md.
/// </summary>
internal static unsafe class RgbaToYuv420
{
    public static void Convert(byte* src, int srcPitch, int width, int height,
        byte* y, int yPitch, byte* u, int uPitch, byte* v, int vPitch)
    {
        for (int row = 0; row < height; row += 2)
        {
            byte* s0 = src + (nint)row * srcPitch;
            byte* s1 = row + 1 < height ? s0 + srcPitch : s0;
            byte* y0 = y + (nint)row * yPitch;
            byte* y1 = row + 1 < height ? y0 + yPitch : y0;
            byte* ur = u + (nint)(row >> 1) * uPitch;
            byte* vr = v + (nint)(row >> 1) * vPitch;
            int x = 0;
            if (Ssse3.IsSupported)
            {
                for (; x + 16 <= width; x += 16)
                {
                    Block16(s0 + x * 4, s1 + x * 4, y0 + x, y1 + x, ur + (x >> 1), vr + (x >> 1));
                }
            }
            for (; x < width; x += 2)
            {
                ScalarPair(s0, s1, x, width, y0, y1, ur, vr);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block16(byte* s0, byte* s1, byte* y0, byte* y1, byte* u, byte* v)
    {
        Vector128<sbyte> yCoef = Vector128.Create(33, 64, 13, 0, 33, 64, 13, 0, 33, 64, 13, 0, 33, 64, 13, (sbyte)0);
        Vector128<sbyte> uCoef = Vector128.Create(-38, -74, 112, 0, -38, -74, 112, 0, -38, -74, 112, 0, -38, -74, 112, (sbyte)0);
        Vector128<sbyte> vCoef = Vector128.Create(112, -94, -18, 0, 112, -94, -18, 0, 112, -94, -18, 0, 112, -94, -18, (sbyte)0);

        Vector128<byte> a0 = Sse2.LoadVector128(s0), a1 = Sse2.LoadVector128(s0 + 16), a2 = Sse2.LoadVector128(s0 + 32), a3 = Sse2.LoadVector128(s0 + 48);
        Vector128<byte> b0 = Sse2.LoadVector128(s1), b1 = Sse2.LoadVector128(s1 + 16), b2 = Sse2.LoadVector128(s1 + 32), b3 = Sse2.LoadVector128(s1 + 48);

        Sse2.Store(y0, Luma(a0, a1, a2, a3, yCoef));
        Sse2.Store(y1, Luma(b0, b1, b2, b3, yCoef));

        // 2x2 averages: rows first, then even/odd pixels.
        Vector128<float> c0 = Sse2.Average(a0, b0).AsSingle(), c1 = Sse2.Average(a1, b1).AsSingle();
        Vector128<float> c2 = Sse2.Average(a2, b2).AsSingle(), c3 = Sse2.Average(a3, b3).AsSingle();
        Vector128<byte> m01 = Sse2.Average(Sse.Shuffle(c0, c1, 0x88).AsByte(), Sse.Shuffle(c0, c1, 0xDD).AsByte());
        Vector128<byte> m23 = Sse2.Average(Sse.Shuffle(c2, c3, 0x88).AsByte(), Sse.Shuffle(c2, c3, 0xDD).AsByte());

        Sse2.StoreScalar((long*)u, Chroma(m01, m23, uCoef).AsInt64());
        Sse2.StoreScalar((long*)v, Chroma(m01, m23, vCoef).AsInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Luma(Vector128<byte> p0, Vector128<byte> p1, Vector128<byte> p2, Vector128<byte> p3, Vector128<sbyte> coef)
    {
        Vector128<short> ones = Vector128.Create((short)1);
        Vector128<short> bias = Vector128.Create((short)(16 * 128 + 64));
        Vector128<int> t0 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(p0, coef), ones);
        Vector128<int> t1 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(p1, coef), ones);
        Vector128<int> t2 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(p2, coef), ones);
        Vector128<int> t3 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(p3, coef), ones);
        Vector128<short> lo = Sse2.ShiftRightLogical(Sse2.Add(Sse2.PackSignedSaturate(t0, t1), bias), 7);
        Vector128<short> hi = Sse2.ShiftRightLogical(Sse2.Add(Sse2.PackSignedSaturate(t2, t3), bias), 7);
        return Sse2.PackUnsignedSaturate(lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Chroma(Vector128<byte> m01, Vector128<byte> m23, Vector128<sbyte> coef)
    {
        Vector128<short> ones = Vector128.Create((short)1);
        Vector128<int> bias = Vector128.Create(128 * 256 + 128);
        Vector128<int> c0 = Sse2.ShiftRightArithmetic(Sse2.Add(Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m01, coef), ones), bias), 8);
        Vector128<int> c1 = Sse2.ShiftRightArithmetic(Sse2.Add(Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m23, coef), ones), bias), 8);
        Vector128<short> s = Sse2.PackSignedSaturate(c0, c1);
        return Sse2.PackUnsignedSaturate(s, s);
    }

    private static void ScalarPair(byte* s0, byte* s1, int x, int width, byte* y0, byte* y1, byte* u, byte* v)
    {
        int x1 = x + 1 < width ? x + 1 : x;
        byte* p00 = s0 + x * 4, p01 = s0 + x1 * 4, p10 = s1 + x * 4, p11 = s1 + x1 * 4;
        y0[x] = Luma(p00);
        y1[x] = Luma(p10);
        if (x1 != x)
        {
            y0[x1] = Luma(p01);
            y1[x1] = Luma(p11);
        }
        int r = (p00[0] + p01[0] + p10[0] + p11[0] + 2) >> 2;
        int g = (p00[1] + p01[1] + p10[1] + p11[1] + 2) >> 2;
        int b = (p00[2] + p01[2] + p10[2] + p11[2] + 2) >> 2;
        u[x >> 1] = Clamp(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
        v[x >> 1] = Clamp(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
    }

    private static byte Luma(byte* p) => Clamp((33 * p[0] + 64 * p[1] + 13 * p[2] + 16 * 128 + 64) >> 7);

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
