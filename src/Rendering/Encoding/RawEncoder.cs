using System.Buffers;
using System.Diagnostics;
using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Encoding;

/// <summary>Uncompressed RGBA8 with tightly packed rows, top row first.</summary>
internal sealed class RawEncoder : IFrameEncoder
{
    public RawEncoder(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public Codec Codec => Codec.RawRgba;

    public string Name => "raw";

    public int Width { get; }

    public int Height { get; }

    public EncodeResult Encode(ReadOnlySpan<byte> rgba, int rowPitch, bool forceKeyframe, IBufferWriter<byte> output)
    {
        long start = Stopwatch.GetTimestamp();
        int row = Width * 4, total = row * Height;
        FrameGeometry.Check(rgba, rowPitch, Width, Height);
        Span<byte> dst = output.GetSpan(total);
        if (rowPitch == row)
        {
            rgba[..total].CopyTo(dst);
        }
        else
        {
            for (int y = 0; y < Height; y++)
            {
                rgba.Slice(y * rowPitch, row).CopyTo(dst.Slice(y * row, row));
            }
        }
        output.Advance(total);
        return new EncodeResult(total, true, Stopwatch.GetTimestamp() - start);
    }

    public void Dispose()
    {
    }
}
