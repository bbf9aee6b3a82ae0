using System.Numerics;

namespace ArrHost.Rendering.Gpu;

/// <summary>Light set-up (linear radiometric values).</summary>
internal readonly record struct Lighting(Vector3 DirectionToLight, Vector3 LightColor, Vector3 SkyColor, Vector3 GroundColor)
{
    public static readonly Lighting Default = new(
        Vector3.Normalize(new Vector3(0.4f, 0.6f, 0.7f)), new Vector3(2.6f), new Vector3(0.38f, 0.40f, 0.45f), new Vector3(0.12f, 0.11f, 0.10f));

    /// <summary>No light at all: only emissive colour shows (for exact-colour tests).</summary>
    public static readonly Lighting None = new(Vector3.UnitY, Vector3.Zero, Vector3.Zero, Vector3.Zero);
}
