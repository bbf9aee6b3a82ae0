using System.Diagnostics;
using System.Numerics;
using ArrHost.Rendering.Gltf;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Scene.Raycast;
using ArrHost.Rendering.Tests.Gltf;
using Xunit.Abstractions;

namespace ArrHost.Rendering.Tests.Scene;

public sealed class RaycastSceneTests(ITestOutputHelper output)
{
    private static readonly Vector3Comparer s_near = new(1e-4f);

    private static ModelData QuadModel() => GltfTestBuilder.Quad().Load();

    [Fact]
    public void Cast_RayIntoPlacedQuad_HitsWithPositionNormalDistance()
    {
        var scene = new RaycastScene<string>();
        scene.Set("quad", QuadModel(), Matrix4x4.CreateTranslation(0, 0, -5));

        var hits = scene.Cast(new RayQuery(new Vector3(0.5f, 0.5f, 0), -Vector3.UnitZ, 100));

        var hit = Assert.Single(hits);
        Assert.Equal("quad", hit.Key);
        Assert.Equal(0, hit.Node);
        Assert.Equal(5f, hit.Distance, 1e-5f);
        Assert.Equal(new Vector3(0.5f, 0.5f, -5), hit.Position, s_near);
        Assert.Equal(Vector3.UnitZ, hit.Normal, s_near);
    }

    [Fact]
    public void Cast_Miss_NoHits()
    {
        var scene = new RaycastScene<int>();
        scene.Set(1, QuadModel(), Matrix4x4.CreateTranslation(0, 0, -5));

        Assert.Empty(scene.Cast(new RayQuery(new Vector3(0.5f, 0.5f, 0), Vector3.UnitZ, 100)));   // away
        Assert.Empty(scene.Cast(new RayQuery(new Vector3(2.5f, 0.5f, 0), -Vector3.UnitZ, 100)));  // beside
        Assert.Empty(scene.Cast(new RayQuery(new Vector3(0.5f, 0.5f, 0), -Vector3.UnitZ, 4.9f))); // too short
        Assert.Empty(scene.Cast(new RayQuery(new Vector3(0.5f, 0.5f, 0), Vector3.Zero, 100)));    // no direction
    }

    [Fact]
    public void Cast_Policies_ClosestAnyAllWithMaxHits()
    {
        var scene = new RaycastScene<string>();
        var quad = QuadModel();
        scene.Set("far", quad, Matrix4x4.CreateTranslation(0, 0, -9));
        scene.Set("near", quad, Matrix4x4.CreateTranslation(0, 0, -3));
        scene.Set("mid", quad, Matrix4x4.CreateTranslation(0, 0, -6));
        var origin = new Vector3(0.25f, 0.75f, 0);

        Assert.Equal("near", Assert.Single(scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100))).Key);
        Assert.Single(scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100, RayCastPolicy.Any)));
        var all = scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100, RayCastPolicy.All, 10));
        Assert.Equal(["near", "mid", "far"], all.Select(h => h.Key));
        Assert.Equal([3f, 6f, 9f], all.Select(h => MathF.Round(h.Distance, 4)));
        Assert.Equal(["near", "mid"], scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100, RayCastPolicy.All, 2)).Select(h => h.Key));

        Assert.True(scene.Remove("near"));
        Assert.Equal("mid", Assert.Single(scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100))).Key);
        scene.Set("mid", quad, Matrix4x4.CreateTranslation(0, 0, -20)); // move
        Assert.Equal("far", Assert.Single(scene.Cast(new RayQuery(origin, -Vector3.UnitZ, 100))).Key);
    }

    [Fact]
    public void Cast_NonUniformlyScaledRotatedInstance_WorldNormalAndDistance()
    {
        var scene = new RaycastScene<int>();
        // Quad rotated to face +X, stretched, then moved to x = 4.
        var world = Matrix4x4.CreateScale(3, 1, 1) * Matrix4x4.CreateRotationY(MathF.PI / 2) * Matrix4x4.CreateTranslation(4, 0, 0);
        scene.Set(7, QuadModel(), world);

        var hit = Assert.Single(scene.Cast(new RayQuery(new Vector3(10, 0.5f, -1.5f), new Vector3(-2, 0, 0), 100)));

        Assert.Equal(6f, hit.Distance, 1e-4f);
        Assert.Equal(new Vector3(4, 0.5f, -1.5f), hit.Position, s_near);
        Assert.Equal(Vector3.UnitX, hit.Normal, s_near);
    }

    [Fact]
    public void Cast_BoxSample_HitsFrontFace()
    {
        var scene = new RaycastScene<int>();
        scene.Set(1, GltfLoader.Load(TestAssets.Sample("Box/glTF/Box.gltf")), Matrix4x4.Identity);

        var hit = Assert.Single(scene.Cast(new RayQuery(new Vector3(0.1f, 0.2f, 5), -Vector3.UnitZ, 100)));

        Assert.Equal(4.5f, hit.Distance, 1e-5f);
        Assert.Equal(Vector3.UnitZ, hit.Normal, s_near);
        Assert.Equal(1, hit.Node); // the child node that holds the mesh
    }

    [Fact]
    public void Cast_RandomRaysOnSampleMesh_MatchBruteForce()
    {
        var model = GltfLoader.Load(TestAssets.Sample("Duck/glTF-Binary/Duck.glb"));
        var scene = new RaycastScene<int>();
        scene.Set(0, model, Matrix4x4.Identity);
        var random = new Random(42);
        var centre = (model.BoundsMin + model.BoundsMax) / 2;
        int hitCount = 0;
        for (int i = 0; i < 300; i++)
        {
            var origin = centre + RandomUnit(random) * 3f;
            var target = centre + (RandomUnit(random) * 0.6f);
            var dir = Vector3.Normalize(target - origin);
            var hits = scene.Cast(new RayQuery(origin, dir, 100));
            float expected = BruteForce(model, origin, dir);
            if (float.IsPositiveInfinity(expected)) Assert.Empty(hits);
            else
            {
                hitCount++;
                Assert.True(hits.Count == 1 && MathF.Abs(hits[0].Distance - expected) < 1e-3f, $"ray {i}: expected {expected}, got {string.Join(",", hits.Select(h => h.Distance))}");
                var all = scene.Cast(new RayQuery(origin, dir, 100, RayCastPolicy.All, 1000));
                Assert.Equal(expected, all[0].Distance, 1e-3f);
                Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Distance <= p.Second.Distance));
            }
        }
        Assert.True(hitCount > 50, $"only {hitCount} rays hit");
    }

    [Fact]
    public void Cast_MillionTriangleMesh_WellUnderAMillisecondPerRay()
    {
        const int n = 708; // 708 x 708 quads = 1,002,528 triangles
        var positions = new float[(n + 1) * (n + 1) * 3];
        var normals = new float[positions.Length];
        for (int y = 0, v = 0; y <= n; y++)
            for (int x = 0; x <= n; x++, v++)
            {
                positions[v * 3] = x;
                positions[v * 3 + 1] = MathF.Sin(x * 0.1f) * MathF.Cos(y * 0.13f) * 3f;
                positions[v * 3 + 2] = y;
                normals[v * 3 + 1] = 1;
            }
        var indices = new uint[n * n * 6];
        for (int y = 0, k = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                uint a = (uint)(y * (n + 1) + x), b = a + 1, c = a + (uint)(n + 1), d = c + 1;
                indices[k++] = a; indices[k++] = c; indices[k++] = b;
                indices[k++] = b; indices[k++] = c; indices[k++] = d;
            }
        var mesh = new MeshData { Name = "terrain", Primitives = [new PrimitiveData { Positions = positions, Normals = normals, Indices = indices }] };
        var model = new ModelData { Name = "terrain", Meshes = [mesh], Materials = [], Textures = [], Nodes = [new NodeData { Mesh = 0 }] };

        var build = Stopwatch.StartNew();
        var scene = new RaycastScene<int>();
        scene.Set(1, model, Matrix4x4.Identity);
        build.Stop();

        var random = new Random(7);
        var rays = Enumerable.Range(0, 2000).Select(_ =>
        {
            var origin = new Vector3(random.NextSingle() * n, 20, random.NextSingle() * n);
            var dir = Vector3.Normalize(new Vector3(random.NextSingle() - 0.5f, -1, random.NextSingle() - 0.5f));
            return new RayQuery(origin, dir, 1000);
        }).ToArray();
        int hits = 0;
        foreach (var r in rays.Take(100)) hits += scene.Cast(r).Count; // warm-up
        var times = new double[rays.Length];
        for (int i = 0; i < rays.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            hits += scene.Cast(rays[i]).Count;
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        double median = times[times.Length / 2], p99 = times[(int)(times.Length * 0.99)];
        output.WriteLine($"1,002,528 triangles: BVH build {build.Elapsed.TotalMilliseconds:F0} ms; closest-hit ray median {median:F1} us, p99 {p99:F1} us ({hits} hits)");
        Assert.True(hits > rays.Length / 2, "rays should hit the terrain");
        Assert.True(median < 1000, $"median {median} us");
    }

    private static Vector3 RandomUnit(Random r)
    {
        while (true)
        {
            var v = new Vector3(r.NextSingle() * 2 - 1, r.NextSingle() * 2 - 1, r.NextSingle() * 2 - 1);
            float l = v.Length();
            if (l is > 0.1f and <= 1f) return v / l;
        }
    }

    private static float BruteForce(ModelData model, Vector3 origin, Vector3 dir)
    {
        float best = float.PositiveInfinity;
        foreach (var node in model.Nodes)
        {
            if (node.Mesh < 0) continue;
            foreach (var p in model.Meshes[node.Mesh].Primitives)
            {
                for (int t = 0; t < p.TriangleCount; t++)
                {
                    Vector3 V(uint i) => Vector3.Transform(new Vector3(p.Positions[i * 3], p.Positions[i * 3 + 1], p.Positions[i * 3 + 2]), node.WorldMatrix);
                    var a = V(p.Indices[t * 3]); var b = V(p.Indices[t * 3 + 1]); var c = V(p.Indices[t * 3 + 2]);
                    // Plane intersection then inside-test with edge functions (an independent formulation).
                    var nrm = Vector3.Cross(b - a, c - a);
                    float denom = Vector3.Dot(nrm, dir);
                    if (MathF.Abs(denom) < 1e-12f) continue;
                    float dist = Vector3.Dot(nrm, a - origin) / denom;
                    if (dist < 0 || dist >= best) continue;
                    var x = origin + dir * dist;
                    if (Vector3.Dot(Vector3.Cross(b - a, x - a), nrm) < 0 || Vector3.Dot(Vector3.Cross(c - b, x - b), nrm) < 0 || Vector3.Dot(Vector3.Cross(a - c, x - c), nrm) < 0) continue;
                    best = dist;
                }
            }
        }
        return best;
    }
}
