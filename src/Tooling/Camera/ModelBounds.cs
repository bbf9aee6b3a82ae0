using System.Numerics;

namespace ArrHost.Tooling.Camera;

/// <summary>An axis-aligned box in world space (a model's bounds) and the sphere around it.</summary>
public readonly record struct ModelBounds(Vector3 Min, Vector3 Max)
{
    public Vector3 Center => (Min + Max) * 0.5f;

    /// <summary>Half the box's diagonal: the radius of the sphere through its corners; at least a tiny positive value.</summary>
    public float Radius => MathF.Max((Max - Min).Length() * 0.5f, 1e-4f);

    /// <summary>Whether both corners are finite and Min &lt;= Max on every axis.</summary>
    public bool IsValid =>
        float.IsFinite(Min.X + Min.Y + Min.Z + Max.X + Max.Y + Max.Z) && Min.X <= Max.X && Min.Y <= Max.Y && Min.Z <= Max.Z;

    /// <summary>The bounds, or a unit box at the origin when they are empty or not finite (e.g. a model without geometry).</summary>
    public ModelBounds OrUnit() => IsValid ? this : new ModelBounds(new Vector3(-0.5f), new Vector3(0.5f));
}
