using System.Numerics;

namespace ArrHost.Rendering.Scene.Raycast;

/// <summary>
/// One intersection: the instance key, the node of that instance's model (index into
/// <see cref="ModelData.Nodes"/>), the world position, the world normal (interpolated from the
/// vertex normals, or the face normal where they are unusable) and the distance from the ray origin.
/// </summary>
internal readonly record struct RayHit<TKey>(TKey Key, int Node, Vector3 Position, Vector3 Normal, float Distance);
