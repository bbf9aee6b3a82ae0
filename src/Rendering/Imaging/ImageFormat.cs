namespace ArrHost.Rendering.Imaging;

internal enum ImageFormat { Unknown, Png, Jpeg }
