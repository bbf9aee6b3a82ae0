namespace ArrHost.Client;

/// <summary>A received frame decoded to RGBA8 pixels.</summary>
public sealed class DecodedFrame
{
    internal DecodedFrame(RenderedFrame encoded, ReadOnlyMemory<byte> rgba, int width, int height, int stride, TimeSpan decodeTime)
    {
        Encoded = encoded;
        Rgba = rgba;
        Width = width;
        Height = height;
        Stride = stride;
        DecodeTime = decodeTime;
    }

    /// <summary>The frame as received (pose id, host timings, latency).</summary>
    public RenderedFrame Encoded { get; }

    /// <summary>RGBA8 pixels (sRGB), top row first, <see cref="Stride"/> bytes per row.</summary>
    public ReadOnlyMemory<byte> Rgba { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row of <see cref="Rgba"/>.</summary>
    public int Stride { get; }

    /// <summary>How long decoding took on the client.</summary>
    public TimeSpan DecodeTime { get; }
}
