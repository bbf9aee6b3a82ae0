namespace ArrHost.Rendering.Gpu;

internal enum PixelFormat { Rgba8Srgb, Rgba8Unorm, Depth32Float }
