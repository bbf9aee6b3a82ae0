using System.Numerics;

namespace ArrHost.Client;

/// <summary>A loaded model.</summary>
public sealed class LoadModelResult
{
    internal LoadModelResult(Entity root, ulong primitiveCount, bool sharedResources, Vector3 boundsMin, Vector3 boundsMax, IReadOnlyList<string> warnings)
    {
        Root = root;
        PrimitiveCount = primitiveCount;
        SharedResources = sharedResources;
        BoundsMin = boundsMin;
        BoundsMax = boundsMax;
        Warnings = warnings;
    }

    /// <summary>The model's root entity with its subtree.</summary>
    public Entity Root { get; }

    /// <summary>Triangles (primitives) the model adds.</summary>
    public ulong PrimitiveCount { get; }

    /// <summary>Whether the model's GPU resources were already loaded and are shared.</summary>
    public bool SharedResources { get; }

    /// <summary>Axis-aligned bounds in the root's space: the minimum corner.</summary>
    public Vector3 BoundsMin { get; }

    /// <summary>Axis-aligned bounds in the root's space: the maximum corner.</summary>
    public Vector3 BoundsMax { get; }

    /// <summary>Warnings, e.g. ignored optional extensions.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
