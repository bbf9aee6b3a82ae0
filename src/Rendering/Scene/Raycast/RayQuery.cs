using System.Numerics;

namespace ArrHost.Rendering.Scene.Raycast;

/// <summary>A world-space ray: direction need not be normalised; distances are world units along the normalised direction.</summary>
internal readonly record struct RayQuery(Vector3 Origin, Vector3 Direction, float MaxDistance, RayCastPolicy Policy = RayCastPolicy.Closest, int MaxHits = 1);
