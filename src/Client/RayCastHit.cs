using System.Numerics;

namespace ArrHost.Client;

/// <summary>A ray hit.</summary>
/// <param name="EntityId">The id of the entity hit.</param>
/// <param name="HitPosition">The hit point in world space.</param>
/// <param name="HitNormal">The surface normal at the hit, in world space.</param>
/// <param name="DistanceToHit">Distance from the ray's origin.</param>
public sealed record RayCastHit(ulong EntityId, Vector3 HitPosition, Vector3 HitNormal, float DistanceToHit);
