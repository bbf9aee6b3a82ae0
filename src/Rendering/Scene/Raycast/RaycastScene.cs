using System.Numerics;

namespace ArrHost.Rendering.Scene.Raycast;

/// <summary>
/// Ray casts over models placed in the world. Each mesh gets one BVH (<see cref="MeshBvh"/>), shared
/// by every instance; instances are culled by their world bounds first. Casting is safe while another
/// thread adds or removes instances (copy-on-write list).
/// </summary>
internal sealed class RaycastScene<TKey> where TKey : notnull
{
    private sealed record Part(int Node, MeshBvh Bvh, Matrix4x4 ToWorld, Matrix4x4 ToMesh, Matrix4x4 NormalToWorld);
    private sealed record Instance(TKey Key, Part[] Parts, Vector3 Min, Vector3 Max);

    private readonly object _gate = new();
    private Instance[] _instances = [];

    public int Count => Volatile.Read(ref _instances).Length;

    /// <summary>Places (or moves) <paramref name="model"/> as <paramref name="key"/>; builds missing BVHs now, not at query time.</summary>
    /// <param name="nodeWorlds">Node transforms relative to the model that replace the file's (see <see cref="PlacedModel.NodeWorlds"/>); null keeps the file's.</param>
    public void Set(TKey key, ModelData model, Matrix4x4 world, Matrix4x4[]? nodeWorlds = null)
    {
        var parts = new List<Part>();
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        for (int n = 0; n < model.Nodes.Count; n++)
        {
            var node = model.Nodes[n];
            if (node.Mesh < 0) continue;
            var bvh = MeshBvh.For(model.Meshes[node.Mesh]);
            if (bvh.TriangleCount == 0) continue;
            var nodeWorld = nodeWorlds is null ? node.WorldMatrix : nodeWorlds[n];
            if (nodeWorld.M44 == 0) continue; // deleted by the client
            var toWorld = nodeWorld * world;
            if (!Matrix4x4.Invert(toWorld, out var toMesh)) continue; // flattened: nothing a ray can hit
            parts.Add(new Part(n, bvh, toWorld, toMesh, Matrix4x4.Transpose(toMesh)));
            TransformBox(bvh.BoundsMin, bvh.BoundsMax, toWorld, ref min, ref max);
        }
        var instance = new Instance(key, parts.ToArray(), min, max);
        lock (_gate)
        {
            var list = _instances.Where(i => !EqualityComparer<TKey>.Default.Equals(i.Key, key)).ToList();
            list.Add(instance);
            Volatile.Write(ref _instances, list.ToArray());
        }
    }

    public bool Remove(TKey key)
    {
        lock (_gate)
        {
            var list = _instances.Where(i => !EqualityComparer<TKey>.Default.Equals(i.Key, key)).ToArray();
            if (list.Length == _instances.Length) return false;
            Volatile.Write(ref _instances, list);
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate) Volatile.Write(ref _instances, []);
    }

    /// <summary>Hits along the ray per <see cref="RayQuery.Policy"/>, nearest first (at most one for Closest/Any).</summary>
    public IReadOnlyList<RayHit<TKey>> Cast(in RayQuery query)
    {
        float len = query.Direction.Length();
        if (!(len > 0f) || !float.IsFinite(len) || !(query.MaxDistance >= 0f) || !float.IsFinite(query.Origin.X + query.Origin.Y + query.Origin.Z))
            return [];
        var dir = query.Direction / len;
        float maxDistance = float.IsFinite(query.MaxDistance) ? query.MaxDistance : float.MaxValue;
        int maxHits = query.Policy == RayCastPolicy.All ? Math.Max(1, query.MaxHits) : 1;
        var instances = Volatile.Read(ref _instances);
        var inv = new Vector3(1f / dir.X, 1f / dir.Y, 1f / dir.Z);

        var results = new List<RayHit<TKey>>();
        float limit = maxDistance;
        List<MeshBvh.MeshHit>? all = query.Policy == RayCastPolicy.All ? [] : null;
        foreach (var inst in instances)
        {
            if (!BoxHit(inst.Min, inst.Max, query.Origin, inv, limit)) continue;
            foreach (var part in inst.Parts)
            {
                // The mesh-space ray keeps the world parameterisation: t is the world distance.
                var o = Vector3.Transform(query.Origin, part.ToMesh);
                var d = Vector3.TransformNormal(dir, part.ToMesh);
                if (query.Policy == RayCastPolicy.All)
                {
                    all!.Clear();
                    part.Bvh.Intersect(o, d, maxDistance, RayCastPolicy.All, all, out _);
                    foreach (var h in all) results.Add(MakeHit(inst.Key, part, query.Origin, dir, h));
                }
                else if (part.Bvh.Intersect(o, d, limit, query.Policy, null, out var hit))
                {
                    var result = MakeHit(inst.Key, part, query.Origin, dir, hit);
                    if (query.Policy == RayCastPolicy.Any) return [result];
                    results.Clear();
                    results.Add(result);
                    limit = hit.T;
                }
            }
        }
        if (query.Policy == RayCastPolicy.All)
        {
            results.Sort((a, b) => a.Distance.CompareTo(b.Distance));
            if (results.Count > maxHits) results.RemoveRange(maxHits, results.Count - maxHits);
        }
        return results;
    }

    private static RayHit<TKey> MakeHit(TKey key, Part part, Vector3 origin, Vector3 dir, in MeshBvh.MeshHit hit)
    {
        var n = Vector3.TransformNormal(part.Bvh.NormalAt(hit), part.NormalToWorld);
        float nl = n.Length();
        n = nl > 0 ? n / nl : -dir;
        return new RayHit<TKey>(key, part.Node, origin + dir * hit.T, n, hit.T);
    }

    private static bool BoxHit(Vector3 min, Vector3 max, Vector3 origin, Vector3 inv, float tMax)
    {
        if (min.X > max.X) return false;
        var t0 = (min - origin) * inv;
        var t1 = (max - origin) * inv;
        var lo = Vector3.Min(t0, t1);
        var hi = Vector3.Max(t0, t1);
        float enter = MathF.Max(MathF.Max(N(lo.X, float.NegativeInfinity), N(lo.Y, float.NegativeInfinity)), MathF.Max(N(lo.Z, float.NegativeInfinity), 0f));
        float exit = MathF.Min(MathF.Min(N(hi.X, float.PositiveInfinity), N(hi.Y, float.PositiveInfinity)), MathF.Min(N(hi.Z, float.PositiveInfinity), tMax));
        return enter <= exit * (1 + 1e-6f) + 1e-6f;
    }

    private static float N(float v, float fallback) => float.IsNaN(v) ? fallback : v;

    private static void TransformBox(Vector3 bmin, Vector3 bmax, Matrix4x4 m, ref Vector3 min, ref Vector3 max)
    {
        for (int c = 0; c < 8; c++)
        {
            var p = new Vector3((c & 1) != 0 ? bmax.X : bmin.X, (c & 2) != 0 ? bmax.Y : bmin.Y, (c & 4) != 0 ? bmax.Z : bmin.Z);
            var w = Vector3.Transform(p, m);
            min = Vector3.Min(min, w);
            max = Vector3.Max(max, w);
        }
    }
}
