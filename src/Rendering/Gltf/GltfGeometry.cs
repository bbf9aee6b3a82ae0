using System.Numerics;

namespace ArrHost.Rendering.Gltf;

/// <summary>Geometry helpers of the loader: triangulation, un-indexing, flat normals, tangents and bounds.</summary>
internal static class GltfGeometry
{
    public const int Triangles = 4, TriangleStrip = 5, TriangleFan = 6;

    /// <summary>Triangle list from a TRIANGLES, TRIANGLE_STRIP or TRIANGLE_FAN index sequence (winding as the glTF specification defines it).</summary>
    public static uint[] Triangulate(uint[] indices, int mode, out int leftover)
    {
        int n = indices.Length;
        leftover = 0;
        switch (mode)
        {
            case Triangles:
                leftover = n % 3;
                return leftover == 0 ? indices : indices.AsSpan(0, n - leftover).ToArray();
            case TriangleStrip:
                {
                    if (n < 3) { leftover = n; return []; }
                    var result = new uint[(n - 2) * 3];
                    for (int i = 0; i < n - 2; i++)
                    {
                        // p_i = {v_i, v_{i+(1+i%2)}, v_{i+(2-i%2)}}
                        result[i * 3] = indices[i];
                        result[i * 3 + 1] = indices[i + 1 + i % 2];
                        result[i * 3 + 2] = indices[i + 2 - i % 2];
                    }
                    return result;
                }
            case TriangleFan:
                {
                    if (n < 3) { leftover = n; return []; }
                    var result = new uint[(n - 2) * 3];
                    for (int i = 0; i < n - 2; i++)
                    {
                        // p_i = {v_{i+1}, v_{i+2}, v_0}
                        result[i * 3] = indices[i + 1];
                        result[i * 3 + 1] = indices[i + 2];
                        result[i * 3 + 2] = indices[0];
                    }
                    return result;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    /// <summary>One vertex per index: copies <paramref name="width"/> floats per vertex in index order.</summary>
    public static float[]? Unweld(float[]? attribute, int width, uint[] indices)
    {
        if (attribute is null) return null;
        var result = new float[indices.Length * width];
        for (int i = 0; i < indices.Length; i++)
            attribute.AsSpan((int)indices[i] * width, width).CopyTo(result.AsSpan(i * width));
        return result;
    }

    /// <summary>Face normals of an un-indexed triangle list (three consecutive vertices per triangle).</summary>
    public static float[] FlatNormals(float[] positions)
    {
        var normals = new float[positions.Length];
        for (int t = 0; t + 9 <= positions.Length; t += 9)
        {
            var a = new Vector3(positions[t], positions[t + 1], positions[t + 2]);
            var b = new Vector3(positions[t + 3], positions[t + 4], positions[t + 5]);
            var c = new Vector3(positions[t + 6], positions[t + 7], positions[t + 8]);
            var n = Vector3.Cross(b - a, c - a);
            float len = n.Length();
            n = len > 0 ? n / len : Vector3.UnitZ;
            for (int k = 0; k < 3; k++)
            {
                normals[t + k * 3] = n.X;
                normals[t + k * 3 + 1] = n.Y;
                normals[t + k * 3 + 2] = n.Z;
            }
        }
        return normals;
    }

    /// <summary>
    /// Per-vertex tangents (xyz, w = handedness) by accumulating each triangle's UV gradient and
    /// orthogonalising against the normal. The bitangent cross(N, T) * w points towards decreasing
    /// glTF v (up in the image), the convention of normal textures.
    /// </summary>
    public static float[] GenerateTangents(float[] positions, float[] normals, float[] uvs, uint[] indices)
    {
        int vc = positions.Length / 3;
        var tan = new Vector3[vc];
        var bit = new Vector3[vc];
        for (int t = 0; t + 3 <= indices.Length; t += 3)
        {
            int i0 = (int)indices[t], i1 = (int)indices[t + 1], i2 = (int)indices[t + 2];
            var p0 = P(positions, i0); var e1 = P(positions, i1) - p0; var e2 = P(positions, i2) - p0;
            float du1 = uvs[i1 * 2] - uvs[i0 * 2], dv1 = uvs[i1 * 2 + 1] - uvs[i0 * 2 + 1];
            float du2 = uvs[i2 * 2] - uvs[i0 * 2], dv2 = uvs[i2 * 2 + 1] - uvs[i0 * 2 + 1];
            float det = du1 * dv2 - du2 * dv1;
            if (MathF.Abs(det) < 1e-20f || !float.IsFinite(det)) continue;
            float r = 1f / det;
            var s = (e1 * dv2 - e2 * dv1) * r;
            var b = (e2 * du1 - e1 * du2) * r;
            // Weight by the corner angle so that one long thin triangle does not dominate.
            Accumulate(tan, bit, i0, s, b, Angle(e1, e2));
            Accumulate(tan, bit, i1, s, b, Angle(p0 - P(positions, i1), P(positions, i2) - P(positions, i1)));
            Accumulate(tan, bit, i2, s, b, Angle(p0 - P(positions, i2), P(positions, i1) - P(positions, i2)));
        }
        var result = new float[vc * 4];
        for (int v = 0; v < vc; v++)
        {
            var n = P(normals, v);
            var t = tan[v] - n * Vector3.Dot(n, tan[v]);
            float len = t.Length();
            if (len < 1e-12f || !float.IsFinite(len))
            {
                // No usable UV gradient: any unit vector perpendicular to the normal.
                t = MathF.Abs(n.X) < 0.9f ? Vector3.Cross(n, Vector3.UnitX) : Vector3.Cross(n, Vector3.UnitY);
                len = t.Length();
                t = len > 0 ? t / len : Vector3.UnitX;
            }
            else t /= len;
            // bit holds dP/dv in glTF UV space (v down); the normal-map bitangent points the other way.
            float w = Vector3.Dot(Vector3.Cross(n, t), bit[v]) < 0 ? 1f : -1f;
            result[v * 4] = t.X; result[v * 4 + 1] = t.Y; result[v * 4 + 2] = t.Z; result[v * 4 + 3] = w;
        }
        return result;
    }

    private static void Accumulate(Vector3[] tan, Vector3[] bit, int v, Vector3 s, Vector3 b, float weight)
    {
        tan[v] += s * weight;
        bit[v] += b * weight;
    }

    private static float Angle(Vector3 a, Vector3 b)
    {
        float la = a.Length(), lb = b.Length();
        if (la <= 0 || lb <= 0) return 0;
        return MathF.Acos(Math.Clamp(Vector3.Dot(a, b) / (la * lb), -1f, 1f));
    }

    private static Vector3 P(float[] a, int i) => new(a[i * 3], a[i * 3 + 1], a[i * 3 + 2]);

    public static void ExtendBounds(float[] positions, Matrix4x4 world, ref Vector3 min, ref Vector3 max)
    {
        for (int i = 0; i + 3 <= positions.Length; i += 3)
        {
            var p = Vector3.Transform(new Vector3(positions[i], positions[i + 1], positions[i + 2]), world);
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
        }
    }
}
