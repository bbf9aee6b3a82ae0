namespace ArrHost.RenderHost.Imaging;

internal enum ImageFormat { Unknown, Png, Jpeg }
