namespace ArrHost.Client.Internal.Frames;

/// <summary>
/// THE DECODER SEAM: the one place that picks a decoder for a codec. Raw frames are copied here;
/// JPEG and H.264 are wired to the decoders of <c>src/Client/Decoding</c> (an <c>IFrameDecoder</c>
/// that outputs RGBA) when they land: add an adapter implementing <see cref="IClientFrameDecoder"/>
/// over it and return it from the switch below.
/// </summary>
internal static class FrameDecoding
{
    /// <summary>Whether <see cref="Create"/> can decode the codec in this build.</summary>
    public static bool IsSupported(FrameCodec codec) => codec == FrameCodec.Raw;

    public static IClientFrameDecoder Create(FrameCodec codec) => codec switch
    {
        FrameCodec.Raw => new RawFrameDecoder(),
        _ => throw new NotSupportedException($"Client-side decoding of {codec} frames is not available in this build; read encoded frames with ReadFramesAsync."),
    };
}
