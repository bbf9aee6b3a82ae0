namespace ArrHost.Rendering.Gpu;

/// <summary>Where untextured materials are shaded.</summary>
internal enum ShadingMode
{
    /// <summary>PerVertex on CPU devices (lavapipe), PerPixel on GPUs.</summary>
    Auto,
    /// <summary>Metallic-roughness per pixel (default).</summary>
    PerPixel,
    /// <summary>
    /// The cheap mode for CPU rasterisers: untextured materials are shaded per vertex, and the
    /// colour target is UNORM with shaders writing sRGB-encoded values (vertex-lit colours are
    /// encoded per vertex and interpolated, BLEND mixes encoded values). Textured materials stay per pixel.
    /// </summary>
    PerVertex,
}
