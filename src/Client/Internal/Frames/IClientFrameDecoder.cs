namespace ArrHost.Client.Internal.Frames;

/// <summary>
/// What <see cref="RenderingConnection.ReadDecodedFramesAsync"/> needs from a decoder: encoded frame
/// in, RGBA8 out. Created only by <see cref="FrameDecoding.Create"/>.
/// </summary>
internal interface IClientFrameDecoder : IDisposable
{
    /// <summary>
    /// Decodes one frame. Returns false when no picture came out (a decoder that needs more input);
    /// throws <see cref="InvalidDataException"/> when the data cannot be decoded (then the caller
    /// asks the host for a keyframe).
    /// </summary>
    bool TryDecode(RenderedFrame frame, out DecodedPicture picture);
}
