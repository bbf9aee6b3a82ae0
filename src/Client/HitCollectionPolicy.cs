namespace ArrHost.Client;

/// <summary>Which hits a <see cref="RayCast"/> collects; the names match the real SDK.</summary>
public enum HitCollectionPolicy
{
    /// <summary>The closest hit only.</summary>
    ClosestHit = 0,

    /// <summary>Any one hit (the cheapest to find).</summary>
    AnyHit = 1,

    /// <summary>All hits up to <see cref="RayCast.MaxHits"/>, nearest first.</summary>
    AllHits = 2,
}
