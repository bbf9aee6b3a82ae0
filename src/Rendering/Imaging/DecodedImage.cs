namespace ArrHost.Rendering.Imaging;

/// <summary>A decoded image: RGBA8, rows top first, tightly packed (Width * 4 bytes per row).</summary>
internal sealed class DecodedImage
{
    public DecodedImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Rgba { get; }
}
