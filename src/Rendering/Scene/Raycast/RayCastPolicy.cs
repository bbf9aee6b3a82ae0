namespace ArrHost.Rendering.Scene.Raycast;

/// <summary>Which hits a ray cast returns (as the real service's HitCollectionPolicy).</summary>
internal enum RayCastPolicy
{
    /// <summary>The nearest hit only.</summary>
    Closest,
    /// <summary>Any one hit, found as cheaply as possible (occlusion tests).</summary>
    Any,
    /// <summary>All hits up to the maximum count, nearest first.</summary>
    All,
}
