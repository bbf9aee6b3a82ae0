namespace ArrHost.Client.Decoding;

/// <summary>Creates the decoder for a stream's codec.</summary>
public static class FrameDecoders
{
    /// <summary>Creates a decoder for <paramref name="codec"/> (the codec the connection's frames carry).</summary>
    /// <param name="codec">H.264, JPEG or raw RGBA.</param>
    /// <returns>A new decoder; the caller disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The codec is unknown.</exception>
    /// <exception cref="FrameDecoderUnavailableException">The codec's native library is missing.</exception>
    public static IFrameDecoder Create(FrameCodec codec) => codec switch
    {
        FrameCodec.H264 => new H264Decoder(),
        FrameCodec.Jpeg => new JpegDecoder(),
        FrameCodec.Raw => new RawDecoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown codec; expected H264, Jpeg or Raw."),
    };

    /// <summary>The smallest destination buffer for a frame with tight rows: <c>width * height * 4</c>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The size in bytes.</returns>
    public static int RgbaBufferSize(int width, int height) => checked(width * height * 4);

    internal static void CheckDestination(int width, int height, int destinationLength, int pitch)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"Invalid frame size {width}x{height}.");
        }
        if (pitch < width * 4 || destinationLength < (long)pitch * (height - 1) + width * 4)
        {
            throw new ArgumentException($"The destination ({destinationLength} bytes, pitch {pitch}) is too small for a {width}x{height} RGBA frame.", "destination");
        }
    }
}
