
namespace ArrHost.Client.Decoding;

/// <summary>
/// Decodes the frames of one render stream into RGBA8 pixels (top row first) in a buffer the
/// caller owns. An instance keeps its native state and buffers across frames and is not thread-safe.
/// </summary>
public interface IFrameDecoder : IDisposable
{
    /// <summary>The codec this decoder reads.</summary>
    FrameCodec Codec { get; }

    /// <summary>
    /// Decodes one frame's data (a Frame message's <c>data</c>).
    /// </summary>
    /// <param name="data">The encoded frame.</param>
    /// <param name="width">The frame's width from its Frame message.</param>
    /// <param name="height">The frame's height from its Frame message.</param>
    /// <param name="destination">Receives RGBA8 rows; at least <c>destinationRowPitch * (height - 1) + width * 4</c> bytes.</param>
    /// <param name="destinationRowPitch">Bytes between rows in <paramref name="destination"/>, at least <c>width * 4</c>.</param>
    /// <param name="info">The decoded picture's size and keyframe flag when the method returns true.</param>
    /// <returns>True when a picture was written; false when the data produced none (an H.264 decoder waiting for a keyframe).</returns>
    /// <exception cref="ArgumentException">The destination is too small or the data does not match the size.</exception>
    /// <exception cref="InvalidDataException">The data cannot be decoded.</exception>
    bool Decode(ReadOnlySpan<byte> data, int width, int height, Span<byte> destination, int destinationRowPitch, out DecodedFrameInfo info);
}
