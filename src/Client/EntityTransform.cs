using System.Numerics;

namespace ArrHost.Client;

/// <summary>A local transform relative to the parent, applied as scale, then rotation, then translation.</summary>
/// <param name="Position">Translation in metres.</param>
/// <param name="Rotation">Rotation (unit quaternion).</param>
/// <param name="Scale">Scale per axis.</param>
public readonly record struct EntityTransform(Vector3 Position, Quaternion Rotation, Vector3 Scale)
{
    /// <summary>No translation, no rotation, unit scale.</summary>
    public static EntityTransform Identity { get; } = new(Vector3.Zero, Quaternion.Identity, Vector3.One);

    /// <summary>A pure translation.</summary>
    /// <param name="position">The translation.</param>
    /// <returns>The transform.</returns>
    public static EntityTransform FromPosition(Vector3 position) => new(position, Quaternion.Identity, Vector3.One);
}
