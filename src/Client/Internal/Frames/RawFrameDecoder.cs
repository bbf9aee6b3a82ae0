namespace ArrHost.Client.Internal.Frames;

/// <summary>Raw RGBA8 frames: checks the size and copies.</summary>
internal sealed class RawFrameDecoder : IClientFrameDecoder
{
    public bool TryDecode(RenderedFrame frame, out DecodedPicture picture)
    {
        var stride = frame.Width * 4;
        if (frame.Width <= 0 || frame.Height <= 0 || frame.Data.Length != (long)stride * frame.Height)
        {
            throw new InvalidDataException($"A raw {frame.Width}x{frame.Height} frame needs {(long)stride * frame.Height} bytes, got {frame.Data.Length}.");
        }

        picture = new DecodedPicture(frame.Data.ToArray(), frame.Width, frame.Height, stride);
        return true;
    }

    public void Dispose()
    {
    }
}
