namespace ArrHost.Rendering.Encoding;

internal static class FrameGeometry
{
    /// <summary>Throws when <paramref name="rgba"/> cannot hold a frame of this size and pitch.</summary>
    public static void Check(ReadOnlySpan<byte> rgba, int rowPitch, int width, int height)
    {
        if (rowPitch < width * 4 || rgba.Length < (long)rowPitch * (height - 1) + width * 4)
        {
            throw new ArgumentException($"The RGBA buffer ({rgba.Length} bytes, pitch {rowPitch}) is too small for a {width}x{height} frame.", nameof(rgba));
        }
    }
}
