using System.Numerics;
using ArrHost.Rendering.Scene;
using SharpGLTF.Schema2;

namespace ArrHost.Rendering.Gltf;

internal sealed partial class GltfModelBuilder
{
    /// <summary>One output mesh: a glTF mesh with a node's morph weights and, when skinned, that node's skin rest pose baked in.</summary>
    private sealed record MeshPlan(Mesh Mesh, Skin? Skin, int Node, float[]? NodeWeights);

    private readonly Dictionary<int, int> _nodeMeshPlan = [];
    private Matrix4x4[] _world = [];
    private long _totalVertices, _totalIndices;

    private List<MeshPlan> PlanMeshes(List<int> sceneNodes)
    {
        var plans = new List<MeshPlan>();
        var byKey = new Dictionary<string, int>();
        foreach (int n in sceneNodes)
        {
            var node = _nodes[n];
            if (node.Mesh is not { } mesh) continue;
            var skin = node.Skin;
            float[]? weights = node.MorphWeights is { Count: > 0 } w ? w.ToArray() : null;
            string key = $"{mesh.LogicalIndex}|{(skin is not null ? $"{skin.LogicalIndex}@{n}" : "")}|{(weights is null ? "" : string.Join(",", weights))}";
            if (!byKey.TryGetValue(key, out int plan))
            {
                plan = plans.Count;
                plans.Add(new MeshPlan(mesh, skin, n, weights));
                byKey[key] = plan;
            }
            _nodeMeshPlan[n] = plan;
        }
        return plans;
    }

    private List<MeshData> BuildMeshes(List<MeshPlan> plans)
    {
        var meshes = new List<MeshData>(plans.Count);
        foreach (var plan in plans)
        {
            _ct.ThrowIfCancellationRequested();
            var mesh = plan.Mesh;
            string ctx = $"mesh {mesh.LogicalIndex}";
            var weights = plan.NodeWeights ?? (mesh.MorphWeights is { Count: > 0 } w ? w.ToArray() : null);
            if (mesh.Primitives.Count == 0)
                throw new GltfLoadException($"{ctx}: 'primitives' must be a non-empty array");
            var primitives = new List<PrimitiveData>();
            foreach (var prim in mesh.Primitives)
                if (BuildPrimitive(plan, prim, weights) is { } built) primitives.Add(built);
            meshes.Add(new MeshData { Name = mesh.Name ?? $"mesh{mesh.LogicalIndex}", Primitives = primitives });
            Step("geometry");
        }
        return meshes;
    }

    private void ChargeVertices(long count, string ctx)
    {
        if (Interlocked.Add(ref _totalVertices, count) > _options.MaxTotalVertices)
            throw new GltfLoadException($"{ctx}: the model exceeds the limit of {_options.MaxTotalVertices} vertices in total");
    }

    private void ChargeIndices(long count, string ctx)
    {
        if (Interlocked.Add(ref _totalIndices, count) > _options.MaxTotalIndices)
            throw new GltfLoadException($"{ctx}: the model exceeds the limit of {_options.MaxTotalIndices} triangle indices in total");
    }

    private PrimitiveData? BuildPrimitive(MeshPlan plan, MeshPrimitive prim, float[]? weights)
    {
        string ctx = $"mesh {plan.Mesh.LogicalIndex} primitive {prim.LogicalIndex}";
        int mode = (int)prim.DrawPrimitiveType;
        if (mode is >= 0 and <= 3)
        {
            Warn($"{ctx}: mode {(mode == 0 ? "POINTS" : "LINES")} ({mode}) is not rendered; primitive skipped");
            return null;
        }
        if (mode is < 4 or > 6) throw new GltfLoadException($"{ctx}: invalid mode {mode}");
        var attrs = prim.VertexAccessors;
        Accessor? Attr(string name) => attrs.TryGetValue(name, out var a) ? a : null;

        if (Attr("POSITION") is not { } posAccessor)
        {
            Warn($"{ctx}: no POSITION attribute; primitive skipped");
            return null;
        }
        var positions = ReadFloats(posAccessor, "POSITION", 3);
        int vc = positions.Length / 3;
        ChargeVertices(vc, ctx);
        float[]? Read(string name, params int[] widths)
        {
            if (Attr(name) is not { } a) return null;
            var values = ReadFloats(a, name, widths);
            int count = values.Length / Components(a.Dimensions);
            if (count != vc) throw new GltfLoadException($"{ctx}: attribute {name} (accessor {a.LogicalIndex}) has {count} elements, POSITION has {vc}");
            return values;
        }
        var normals = Read("NORMAL", 3);
        var tangents = Read("TANGENT", 4);
        var uv0 = Read("TEXCOORD_0", 2);
        var uv1 = Read("TEXCOORD_1", 2);
        float[]? colors = null;
        if (Attr("COLOR_0") is { } colorAccessor)
        {
            var raw = Read("COLOR_0", 3, 4)!;
            colors = Components(colorAccessor.Dimensions) == 4 ? raw : ExpandRgb(raw);
        }
        int material = prim.Material?.LogicalIndex ?? -1;

        uint[] indices;
        if (prim.IndexAccessor is { } indexAccessor)
        {
            indices = ReadIndices(indexAccessor, ctx);
            for (int i = 0; i < indices.Length; i++)
                if (indices[i] >= (uint)vc)
                    throw new GltfLoadException($"{ctx}: index {indices[i]} at position {i} of accessor {indexAccessor.LogicalIndex} is out of range (vertex count {vc})");
        }
        else
        {
            indices = new uint[vc];
            for (int i = 0; i < vc; i++) indices[i] = (uint)i;
        }
        ChargeIndices(mode == GltfGeometry.Triangles ? indices.Length : Math.Max(0L, (indices.Length - 2L) * 3), ctx);
        var triangles = GltfGeometry.Triangulate(indices, mode, out int leftover);
        if (leftover != 0) Warn($"{ctx}: {leftover} trailing indices do not form a triangle and are ignored");

        ApplyMorphTargets(prim, weights, vc, positions, normals, tangents, ctx);
        if (plan.Skin is not null && Attr("JOINTS_0") is not null)
            ApplySkin(plan, attrs, vc, positions, normals, tangents, ctx);

        if (normals is null)
        {
            // Flat shading needs one vertex per triangle corner.
            ChargeVertices(triangles.Length, ctx);
            positions = GltfGeometry.Unweld(positions, 3, triangles)!;
            tangents = GltfGeometry.Unweld(tangents, 4, triangles);
            uv0 = GltfGeometry.Unweld(uv0, 2, triangles);
            uv1 = GltfGeometry.Unweld(uv1, 2, triangles);
            colors = GltfGeometry.Unweld(colors, 4, triangles);
            triangles = new uint[triangles.Length];
            for (int i = 0; i < triangles.Length; i++) triangles[i] = (uint)i;
            normals = GltfGeometry.FlatNormals(positions);
        }

        if (tangents is null && material >= 0 && _normalMapTexCoord[material] is int set and >= 0)
        {
            var uv = set == 0 ? uv0 : uv1;
            if (uv is not null) tangents = GltfGeometry.GenerateTangents(positions, normals, uv, triangles);
            else Warn($"{ctx}: material {material} has a normal map on TEXCOORD_{set}, which the primitive lacks; no tangents");
        }

        _ct.ThrowIfCancellationRequested();
        return new PrimitiveData
        {
            Positions = positions,
            Normals = normals,
            Tangents = tangents,
            TexCoords0 = uv0,
            TexCoords1 = uv1,
            Colors = colors,
            Indices = triangles,
            Material = material,
        };
    }

    private static float[] ExpandRgb(float[] rgb)
    {
        int n = rgb.Length / 3;
        var rgba = new float[n * 4];
        for (int i = 0; i < n; i++)
        {
            rgba[i * 4] = rgb[i * 3];
            rgba[i * 4 + 1] = rgb[i * 3 + 1];
            rgba[i * 4 + 2] = rgb[i * 3 + 2];
            rgba[i * 4 + 3] = 1f;
        }
        return rgba;
    }

    /// <summary>Adds the weighted target deltas (the mesh's or node's default weights) to positions, normals and tangents.</summary>
    private void ApplyMorphTargets(MeshPrimitive prim, float[]? weights, int vc, float[] positions, float[]? normals, float[]? tangents, string ctx)
    {
        int count = prim.MorphTargetsCount;
        if (count == 0 || weights is null) return;
        if (weights.Length != count) Warn($"{ctx}: {weights.Length} morph weights for {count} targets");
        bool normalsChanged = false;
        for (int t = 0; t < count; t++)
        {
            float w = t < weights.Length ? weights[t] : 0f;
            string tctx = $"{ctx} target {t}";
            if (w == 0f) continue;
            var target = prim.GetMorphTargetAccessors(t);
            void Add(string name, float[]? dst, int dstWidth)
            {
                if (dst is null || !target.TryGetValue(name, out var a)) return;
                var delta = ReadFloats(a, $"morph {name}", 3);
                if (delta.Length / 3 != vc) throw new GltfLoadException($"{tctx}: {name} accessor {a.LogicalIndex} has {delta.Length / 3} elements, POSITION has {vc}");
                for (int v = 0; v < vc; v++)
                    for (int c = 0; c < 3; c++) dst[v * dstWidth + c] += w * delta[v * 3 + c];
            }
            Add("POSITION", positions, 3);
            Add("NORMAL", normals, 3);
            Add("TANGENT", tangents, 4);
            normalsChanged = true;
        }
        if (normalsChanged)
        {
            Normalize(normals, 3);
            Normalize(tangents, 4);
        }
    }

    private static void Normalize(float[]? v, int width)
    {
        if (v is null) return;
        for (int i = 0; i + width <= v.Length; i += width)
        {
            var d = new Vector3(v[i], v[i + 1], v[i + 2]);
            float len = d.Length();
            if (len > 0) { d /= len; v[i] = d.X; v[i + 1] = d.Y; v[i + 2] = d.Z; }
        }
    }

    /// <summary>
    /// Bakes the skin's rest pose (joint world x inverse bind, blended by weight) into the vertices,
    /// expressed in the skinned node's space so that its world matrix can stay in the node tree.
    /// </summary>
    private void ApplySkin(MeshPlan plan, IReadOnlyDictionary<string, Accessor> attrs, int vc, float[] positions, float[]? normals, float[]? tangents, string ctx)
    {
        var skin = plan.Skin!;
        string sctx = $"skin {skin.LogicalIndex}";
        var joints = skin.Joints.Select(j => j.LogicalIndex).ToArray();
        if (joints.Length == 0) throw new GltfLoadException($"{sctx}: 'joints' must list at least one node");
        float[]? ibm = null;
        if (skin.GetInverseBindMatricesAccessor() is { } ibmAccessor)
        {
            ibm = ReadFloats(ibmAccessor, "inverseBindMatrices", 16);
            if (ibm.Length / 16 < joints.Length)
                throw new GltfLoadException($"{sctx}: inverseBindMatrices accessor {ibmAccessor.LogicalIndex} has {ibm.Length / 16} matrices for {joints.Length} joints");
        }
        if (!Matrix4x4.Invert(_world[plan.Node], out var toNode))
        {
            Warn($"{ctx}: node {plan.Node} world matrix is singular; skinned vertices kept in world space");
            toNode = Matrix4x4.Identity;
        }
        var jointMatrices = new Matrix4x4[joints.Length];
        for (int j = 0; j < joints.Length; j++)
        {
            var inverseBind = ibm is null ? Matrix4x4.Identity : new Matrix4x4(
                ibm[j * 16], ibm[j * 16 + 1], ibm[j * 16 + 2], ibm[j * 16 + 3],
                ibm[j * 16 + 4], ibm[j * 16 + 5], ibm[j * 16 + 6], ibm[j * 16 + 7],
                ibm[j * 16 + 8], ibm[j * 16 + 9], ibm[j * 16 + 10], ibm[j * 16 + 11],
                ibm[j * 16 + 12], ibm[j * 16 + 13], ibm[j * 16 + 14], ibm[j * 16 + 15]);
            jointMatrices[j] = inverseBind * _world[joints[j]] * toNode;
        }

        var blended = new Matrix4x4[vc];
        var weightSum = new float[vc];
        for (int set = 0; ; set++)
        {
            if (!attrs.TryGetValue($"JOINTS_{set}", out var ja) || !attrs.TryGetValue($"WEIGHTS_{set}", out var wa)) break;
            var js = ReadFloats(ja, $"JOINTS_{set}", 4);
            var ws = ReadFloats(wa, $"WEIGHTS_{set}", 4);
            if (js.Length / 4 != vc || ws.Length / 4 != vc)
                throw new GltfLoadException($"{ctx}: JOINTS_{set}/WEIGHTS_{set} element counts ({js.Length / 4}, {ws.Length / 4}) differ from POSITION ({vc})");
            for (int v = 0; v < vc; v++)
            {
                for (int k = 0; k < 4; k++)
                {
                    float w = ws[v * 4 + k];
                    if (w == 0f) continue;
                    float jf = js[v * 4 + k];
                    if (jf < 0 || jf >= joints.Length || jf != MathF.Floor(jf))
                        throw new GltfLoadException($"{ctx}: JOINTS_{set} value {jf} of vertex {v} is not a joint of skin {skin.LogicalIndex} ({joints.Length} joints)");
                    blended[v] += jointMatrices[(int)jf] * w;
                    weightSum[v] += w;
                }
            }
        }
        for (int v = 0; v < vc; v++)
        {
            float sum = weightSum[v];
            if (sum <= 0f) continue; // unweighted vertex: left where the mesh puts it
            var m = blended[v] * (1f / sum);
            var pos = Vector3.Transform(new Vector3(positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]), m);
            positions[v * 3] = pos.X; positions[v * 3 + 1] = pos.Y; positions[v * 3 + 2] = pos.Z;
            if (normals is not null)
            {
                var nm = Matrix4x4.Invert(m, out var inv) ? Matrix4x4.Transpose(inv) : m;
                var n = Vector3.Normalize(Vector3.TransformNormal(new Vector3(normals[v * 3], normals[v * 3 + 1], normals[v * 3 + 2]), nm));
                if (float.IsFinite(n.X)) { normals[v * 3] = n.X; normals[v * 3 + 1] = n.Y; normals[v * 3 + 2] = n.Z; }
            }
            if (tangents is not null)
            {
                var t = Vector3.Normalize(Vector3.TransformNormal(new Vector3(tangents[v * 4], tangents[v * 4 + 1], tangents[v * 4 + 2]), m));
                if (float.IsFinite(t.X)) { tangents[v * 4] = t.X; tangents[v * 4 + 1] = t.Y; tangents[v * 4 + 2] = t.Z; }
            }
        }
    }
}
