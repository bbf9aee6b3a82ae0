namespace ArrHost.Client.Internal.Frames;

/// <summary>RGBA8 pixels, top row first.</summary>
internal readonly record struct DecodedPicture(byte[] Rgba, int Width, int Height, int Stride);
