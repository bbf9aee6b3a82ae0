namespace ArrHost.Rendering.Gpu;

/// <summary>An image to create; <paramref name="Mipmapped"/> textures get a full mip chain (filled by the uploader).</summary>
internal readonly record struct ImageDescription(uint Width, uint Height, PixelFormat Format, ImageUsage Usage, bool Mipmapped = false);
