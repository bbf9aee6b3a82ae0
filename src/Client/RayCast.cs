using System.Numerics;

namespace ArrHost.Client;

/// <summary>A ray for <see cref="RenderingConnection.RayCastQueryAsync"/>.</summary>
public sealed class RayCast
{
    /// <summary>Creates a ray.</summary>
    /// <param name="origin">The origin in world space.</param>
    /// <param name="direction">The direction in world space; need not be normalized, must not be zero.</param>
    /// <param name="maxDistance">The longest hit distance; 0 means unlimited.</param>
    /// <param name="hitPolicy">Which hits to collect.</param>
    /// <param name="maxHits">The most hits for <see cref="HitCollectionPolicy.AllHits"/>; 0 means 16.</param>
    public RayCast(Vector3 origin, Vector3 direction, float maxDistance = 0, HitCollectionPolicy hitPolicy = HitCollectionPolicy.ClosestHit, int maxHits = 0)
    {
        Origin = origin;
        Direction = direction;
        MaxDistance = maxDistance;
        HitPolicy = hitPolicy;
        MaxHits = maxHits;
    }

    /// <summary>The origin in world space.</summary>
    public Vector3 Origin { get; set; }

    /// <summary>The direction in world space; need not be normalized, must not be zero.</summary>
    public Vector3 Direction { get; set; }

    /// <summary>The longest hit distance; 0 means unlimited.</summary>
    public float MaxDistance { get; set; }

    /// <summary>Which hits to collect.</summary>
    public HitCollectionPolicy HitPolicy { get; set; }

    /// <summary>The most hits for <see cref="HitCollectionPolicy.AllHits"/>; 0 means 16.</summary>
    public int MaxHits { get; set; }
}
