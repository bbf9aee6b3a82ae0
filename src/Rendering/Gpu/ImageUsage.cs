namespace ArrHost.Rendering.Gpu;

internal enum ImageUsage { ColorTarget, DepthTarget, Texture }
