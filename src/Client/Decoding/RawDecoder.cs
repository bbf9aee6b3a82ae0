
namespace ArrHost.Client.Decoding;

/// <summary>"Decodes" CODEC_RAW_RGBA frames: copies tight RGBA rows into the destination.</summary>
public sealed class RawDecoder : IFrameDecoder
{
    /// <inheritdoc />
    public FrameCodec Codec => FrameCodec.Raw;

    /// <inheritdoc />
    public bool Decode(ReadOnlySpan<byte> data, int width, int height, Span<byte> destination, int destinationRowPitch, out DecodedFrameInfo info)
    {
        FrameDecoders.CheckDestination(width, height, destination.Length, destinationRowPitch);
        int row = width * 4;
        if (data.Length != row * height)
        {
            throw new InvalidDataException($"A raw {width}x{height} frame has {row * height} bytes, not {data.Length}.");
        }
        for (int y = 0; y < height; y++)
        {
            data.Slice(y * row, row).CopyTo(destination.Slice(y * destinationRowPitch, row));
        }
        info = new DecodedFrameInfo(width, height, true);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
