namespace ArrHost.Rendering.Imaging;

/// <summary>An image could not be decoded: corrupt data, an unsupported format, a size over the limit, or a missing codec library.</summary>
internal sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message) : base(message) { }
    public ImageDecodeException(string message, Exception inner) : base(message, inner) { }
}
