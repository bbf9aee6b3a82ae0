using System.Numerics;
using System.Runtime.CompilerServices;

namespace ArrHost.Rendering.Scene.Raycast;

/// <summary>
/// A bounding volume hierarchy over every triangle of one <see cref="MeshData"/> (mesh space),
/// built once with binned SAH and shared by every instance of the mesh.
/// </summary>
internal sealed class MeshBvh
{
    private const int Bins = 12;
    private const int MaxLeafSize = 4;
    private const float TraversalCost = 1f;

    private static readonly ConditionalWeakTable<MeshData, MeshBvh> s_cache = new();

    private struct Node
    {
        public Vector3 Min;
        public int Start;   // leaf: first triangle; inner: index of the left child (right = left + 1)
        public Vector3 Max;
        public int Count;   // 0 for inner nodes
    }

    // Triangles in leaf order: vertex 0 and the two edges, for Möller-Trumbore.
    private readonly Vector3[] _v0, _e1, _e2;
    private readonly int[] _primitive, _triangle;
    private readonly Node[] _nodes;
    private readonly MeshData _mesh;

    public int TriangleCount => _v0.Length;
    public Vector3 BoundsMin => _nodes.Length > 0 ? _nodes[0].Min : Vector3.Zero;
    public Vector3 BoundsMax => _nodes.Length > 0 ? _nodes[0].Max : Vector3.Zero;

    /// <summary>The BVH of <paramref name="mesh"/>, built on first request.</summary>
    public static MeshBvh For(MeshData mesh) => s_cache.GetValue(mesh, m => new MeshBvh(m));

    private MeshBvh(MeshData mesh)
    {
        _mesh = mesh;
        int total = 0;
        foreach (var p in mesh.Primitives) total += p.TriangleCount;
        var centroid = new Vector3[total];
        var triMin = new Vector3[total];
        var triMax = new Vector3[total];
        var refPrim = new int[total];
        var refTri = new int[total];
        int k = 0;
        for (int pi = 0; pi < mesh.Primitives.Count; pi++)
        {
            var prim = mesh.Primitives[pi];
            for (int t = 0; t < prim.TriangleCount; t++, k++)
            {
                var a = Vertex(prim, prim.Indices[t * 3]);
                var b = Vertex(prim, prim.Indices[t * 3 + 1]);
                var c = Vertex(prim, prim.Indices[t * 3 + 2]);
                triMin[k] = Vector3.Min(a, Vector3.Min(b, c));
                triMax[k] = Vector3.Max(a, Vector3.Max(b, c));
                centroid[k] = (triMin[k] + triMax[k]) * 0.5f;
                refPrim[k] = pi;
                refTri[k] = t;
            }
        }
        var order = new int[total];
        for (int i = 0; i < total; i++) order[i] = i;
        _nodes = total == 0 ? [] : BuildNodes(order, centroid, triMin, triMax);

        _v0 = new Vector3[total]; _e1 = new Vector3[total]; _e2 = new Vector3[total];
        _primitive = new int[total]; _triangle = new int[total];
        for (int i = 0; i < total; i++)
        {
            int r = order[i];
            var prim = mesh.Primitives[refPrim[r]];
            int t = refTri[r];
            var a = Vertex(prim, prim.Indices[t * 3]);
            _v0[i] = a;
            _e1[i] = Vertex(prim, prim.Indices[t * 3 + 1]) - a;
            _e2[i] = Vertex(prim, prim.Indices[t * 3 + 2]) - a;
            _primitive[i] = refPrim[r];
            _triangle[i] = t;
        }
    }

    private static Vector3 Vertex(PrimitiveData p, uint i) => new(p.Positions[i * 3], p.Positions[i * 3 + 1], p.Positions[i * 3 + 2]);

    private static Node[] BuildNodes(int[] order, Vector3[] centroid, Vector3[] triMin, Vector3[] triMax)
    {
        var nodes = new List<Node>(Math.Max(1, order.Length / 2));
        nodes.Add(default);
        var work = new Stack<(int node, int start, int count)>();
        work.Push((0, 0, order.Length));
        Span<int> binCount = stackalloc int[Bins];
        Span<Vector3> binMin = stackalloc Vector3[Bins];
        Span<Vector3> binMax = stackalloc Vector3[Bins];
        Span<float> rightArea = stackalloc float[Bins];
        Span<int> rightCount = stackalloc int[Bins];
        while (work.Count > 0)
        {
            var (index, start, count) = work.Pop();
            var bmin = new Vector3(float.PositiveInfinity); var bmax = new Vector3(float.NegativeInfinity);
            var cmin = bmin; var cmax = bmax;
            for (int i = start; i < start + count; i++)
            {
                int t = order[i];
                bmin = Vector3.Min(bmin, triMin[t]); bmax = Vector3.Max(bmax, triMax[t]);
                cmin = Vector3.Min(cmin, centroid[t]); cmax = Vector3.Max(cmax, centroid[t]);
            }
            var node = new Node { Min = bmin, Max = bmax, Start = start, Count = count };
            var extent = cmax - cmin;
            int axis = extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
            float lo = cmin[axis], span = extent[axis];
            if (count <= MaxLeafSize || !(span > 0f))
            {
                nodes[index] = node;
                continue;
            }

            // Binned SAH along the longest centroid axis.
            binCount.Clear();
            binMin.Fill(new Vector3(float.PositiveInfinity));
            binMax.Fill(new Vector3(float.NegativeInfinity));
            float scale = Bins / span;
            for (int i = start; i < start + count; i++)
            {
                int t = order[i];
                int b = Math.Min(Bins - 1, (int)((centroid[t][axis] - lo) * scale));
                binCount[b]++;
                binMin[b] = Vector3.Min(binMin[b], triMin[t]);
                binMax[b] = Vector3.Max(binMax[b], triMax[t]);
            }
            var rmin = new Vector3(float.PositiveInfinity); var rmax = new Vector3(float.NegativeInfinity);
            int rc = 0;
            for (int b = Bins - 1; b > 0; b--)
            {
                rc += binCount[b];
                rmin = Vector3.Min(rmin, binMin[b]); rmax = Vector3.Max(rmax, binMax[b]);
                rightCount[b] = rc;
                rightArea[b] = rc > 0 ? Area(rmin, rmax) : 0f;
            }
            var lmin = new Vector3(float.PositiveInfinity); var lmax = new Vector3(float.NegativeInfinity);
            int lc = 0, bestSplit = -1;
            float bestCost = float.PositiveInfinity;
            for (int b = 0; b < Bins - 1; b++)
            {
                lc += binCount[b];
                lmin = Vector3.Min(lmin, binMin[b]); lmax = Vector3.Max(lmax, binMax[b]);
                if (lc == 0 || rightCount[b + 1] == 0) continue;
                float cost = lc * Area(lmin, lmax) + rightCount[b + 1] * rightArea[b + 1];
                if (cost < bestCost) { bestCost = cost; bestSplit = b; }
            }
            float parentArea = Area(bmin, bmax);
            float leafCost = count;
            float splitCost = TraversalCost + (parentArea > 0 ? bestCost / parentArea : float.PositiveInfinity);
            int mid;
            if (bestSplit < 0 || (splitCost >= leafCost && count <= 16))
            {
                if (count <= 16) { nodes[index] = node; continue; }
                mid = start + count / 2; // degenerate bins: median split by order
                MedianSplit(order, centroid, start, count, axis);
            }
            else
            {
                int i = start, j = start + count - 1;
                while (i <= j)
                {
                    int b = Math.Min(Bins - 1, (int)((centroid[order[i]][axis] - lo) * scale));
                    if (b <= bestSplit) { i++; continue; }
                    (order[i], order[j]) = (order[j], order[i]);
                    j--;
                }
                mid = i;
                if (mid == start || mid == start + count) { mid = start + count / 2; MedianSplit(order, centroid, start, count, axis); }
            }
            int left = nodes.Count;
            nodes.Add(default);
            nodes.Add(default);
            node.Start = left;
            node.Count = 0;
            nodes[index] = node;
            work.Push((left + 1, mid, start + count - mid));
            work.Push((left, start, mid - start));
        }
        return nodes.ToArray();
    }

    private static void MedianSplit(int[] order, Vector3[] centroid, int start, int count, int axis) =>
        Array.Sort(order, start, count, Comparer<int>.Create((a, b) => centroid[a][axis].CompareTo(centroid[b][axis])));

    private static float Area(Vector3 min, Vector3 max)
    {
        var d = max - min;
        return d.X * d.Y + d.Y * d.Z + d.Z * d.X;
    }

    /// <summary>A hit in mesh space: parameter along the (mesh-space) ray and where on which triangle.</summary>
    internal readonly record struct MeshHit(float T, int Primitive, int Triangle, float U, float V);

    /// <summary>
    /// Intersects the mesh-space ray (origin + t * dir, t in [0, tMax]) with the triangles, both faces.
    /// Closest: the nearest hit; Any: the first one found; All: every hit appended to <paramref name="all"/>.
    /// </summary>
    internal bool Intersect(Vector3 origin, Vector3 dir, float tMax, RayCastPolicy policy, List<MeshHit>? all, out MeshHit best)
    {
        best = default;
        if (_nodes.Length == 0) return false;
        var inv = new Vector3(1f / dir.X, 1f / dir.Y, 1f / dir.Z);
        bool found = false;
        float limit = tMax;
        Span<int> stack = stackalloc int[64];
        int sp = 0;
        if (!SlabHit(_nodes[0], origin, inv, limit, out _)) return false;
        stack[sp++] = 0;
        while (sp > 0)
        {
            ref readonly var node = ref _nodes[stack[--sp]];
            // A closer hit found since this node was pushed may put it out of reach now.
            if (found && policy == RayCastPolicy.Closest && !SlabHit(node, origin, inv, limit, out _)) continue;
            if (node.Count > 0)
            {
                for (int i = node.Start, end = node.Start + node.Count; i < end; i++)
                {
                    if (!TriangleHit(i, origin, dir, limit, out float t, out float u, out float v)) continue;
                    var hit = new MeshHit(t, _primitive[i], _triangle[i], u, v);
                    if (policy == RayCastPolicy.All) { all!.Add(hit); found = true; continue; }
                    best = hit;
                    found = true;
                    if (policy == RayCastPolicy.Any) return true;
                    limit = t;
                }
                continue;
            }
            int l = node.Start, r = node.Start + 1;
            bool hl = SlabHit(_nodes[l], origin, inv, limit, out float tl);
            bool hr = SlabHit(_nodes[r], origin, inv, limit, out float tr);
            if (sp + 2 > stack.Length)
            {
                // Pathological depth: fall back to a larger heap stack.
                var bigger = new int[stack.Length * 2];
                stack.CopyTo(bigger);
                stack = bigger;
            }
            if (hl && hr)
            {
                // Near child on top.
                if (tl <= tr) { stack[sp++] = r; stack[sp++] = l; }
                else { stack[sp++] = l; stack[sp++] = r; }
            }
            else if (hl) stack[sp++] = l;
            else if (hr) stack[sp++] = r;
        }
        return found;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SlabHit(in Node n, Vector3 origin, Vector3 inv, float tMax, out float tEnter)
    {
        var t0 = (n.Min - origin) * inv;
        var t1 = (n.Max - origin) * inv;
        var tmin = Vector3.Min(t0, t1);
        var tmax = Vector3.Max(t0, t1);
        // NaN (0 * inf on a slab boundary) must not reject: MathF.Max ignores NaN-free paths only, so guard explicitly.
        tEnter = MathF.Max(MathF.Max(Num(tmin.X, float.NegativeInfinity), Num(tmin.Y, float.NegativeInfinity)), MathF.Max(Num(tmin.Z, float.NegativeInfinity), 0f));
        float tExit = MathF.Min(MathF.Min(Num(tmax.X, float.PositiveInfinity), Num(tmax.Y, float.PositiveInfinity)), MathF.Min(Num(tmax.Z, float.PositiveInfinity), tMax));
        return tEnter <= tExit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Num(float v, float fallback) => float.IsNaN(v) ? fallback : v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TriangleHit(int i, Vector3 origin, Vector3 dir, float tMax, out float t, out float u, out float v)
    {
        t = u = v = 0;
        var e1 = _e1[i]; var e2 = _e2[i];
        var p = Vector3.Cross(dir, e2);
        float det = Vector3.Dot(e1, p);
        if (MathF.Abs(det) < 1e-20f) return false;
        float invDet = 1f / det;
        var s = origin - _v0[i];
        u = Vector3.Dot(s, p) * invDet;
        if (u < 0f || u > 1f) return false;
        var q = Vector3.Cross(s, e1);
        v = Vector3.Dot(dir, q) * invDet;
        if (v < 0f || u + v > 1f) return false;
        t = Vector3.Dot(e2, q) * invDet;
        return t >= 0f && t <= tMax;
    }

    /// <summary>Mesh-space normal at a hit: vertex normals interpolated, or the face normal when they cancel out.</summary>
    internal Vector3 NormalAt(in MeshHit hit)
    {
        var prim = _mesh.Primitives[hit.Primitive];
        uint a = prim.Indices[hit.Triangle * 3], b = prim.Indices[hit.Triangle * 3 + 1], c = prim.Indices[hit.Triangle * 3 + 2];
        var na = new Vector3(prim.Normals[a * 3], prim.Normals[a * 3 + 1], prim.Normals[a * 3 + 2]);
        var nb = new Vector3(prim.Normals[b * 3], prim.Normals[b * 3 + 1], prim.Normals[b * 3 + 2]);
        var nc = new Vector3(prim.Normals[c * 3], prim.Normals[c * 3 + 1], prim.Normals[c * 3 + 2]);
        var n = na * (1 - hit.U - hit.V) + nb * hit.U + nc * hit.V;
        if (n.LengthSquared() > 1e-12f && float.IsFinite(n.X)) return n;
        var pa = Vertex(prim, a);
        return Vector3.Cross(Vertex(prim, b) - pa, Vertex(prim, c) - pa);
    }
}
