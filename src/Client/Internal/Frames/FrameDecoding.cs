using ArrHost.Client.Decoding;

namespace ArrHost.Client.Internal.Frames;

/// <summary>
/// THE DECODER SEAM: the one place the connection gets a decoder for its codec. It adapts the
/// decoders of <c>src/Client/Decoding</c> (<see cref="IFrameDecoder"/>: raw copy, libturbojpeg,
/// libavcodec H.264) to what <see cref="RenderingConnection.ReadDecodedFramesAsync"/> needs.
/// </summary>
internal static class FrameDecoding
{
    /// <exception cref="FrameDecoderUnavailableException">The codec's native library is missing.</exception>
    public static IClientFrameDecoder Create(FrameCodec codec) => new Adapter(FrameDecoders.Create(codec));

    private sealed class Adapter(IFrameDecoder inner) : IClientFrameDecoder
    {
        public bool TryDecode(RenderedFrame frame, out DecodedPicture picture)
        {
            if (frame.Width <= 0 || frame.Height <= 0) throw new InvalidDataException($"Invalid frame size {frame.Width}x{frame.Height}.");
            var stride = frame.Width * 4;

            // A fresh buffer per picture: the application may keep a DecodedFrame as long as it likes.
            var rgba = GC.AllocateUninitializedArray<byte>(FrameDecoders.RgbaBufferSize(frame.Width, frame.Height));
            if (!inner.Decode(frame.Data.Span, frame.Width, frame.Height, rgba, stride, out var info))
            {
                picture = default;
                return false;
            }

            picture = new DecodedPicture(rgba, info.Width, info.Height, stride);
            return true;
        }

        public void Dispose() => inner.Dispose();
    }
}
