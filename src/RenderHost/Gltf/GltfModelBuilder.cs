using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using ArrHost.RenderHost.Scene;

namespace ArrHost.RenderHost.Gltf;

/// <summary>
/// Turns one parsed glTF document into a <see cref="ModelData"/>: validates the node graph, builds the
/// default scene, triangulates primitives (morph weights and skin rest pose applied) and decodes the
/// images in parallel with the geometry. One instance per load.
/// </summary>
internal sealed partial class GltfModelBuilder
{
    /// <summary>Extensions this loader implements; anything else in extensionsRequired fails the load.</summary>
    public static readonly IReadOnlyList<string> SupportedExtensions = ["KHR_mesh_quantization", "KHR_materials_emissive_strength"];

    private readonly JsonElement _root;
    private readonly GltfLoadOptions _options;
    private readonly string? _baseDirectory;
    private readonly string? _realRoot;
    private readonly ReadOnlyMemory<byte>? _bin;
    private readonly IProgress<(float fraction, string stage)>? _progress;
    private readonly CancellationToken _ct;
    private readonly List<string> _warnings = [];

    private readonly JsonElement[] _buffers, _bufferViews, _accessors, _meshes, _nodes, _scenes,
        _materials, _textures, _images, _samplers, _skins;

    private int _workDone, _workTotal = 1;

    public GltfModelBuilder(JsonElement root, ReadOnlyMemory<byte>? bin, string? baseDirectory, string? realRoot,
        GltfLoadOptions options, IProgress<(float fraction, string stage)>? progress, CancellationToken ct)
    {
        _root = root;
        _bin = bin;
        _baseDirectory = baseDirectory;
        _realRoot = realRoot;
        _options = options;
        _progress = progress;
        _ct = ct;
        if (root.ValueKind != JsonValueKind.Object) throw new GltfLoadException("the glTF JSON root must be an object");
        _buffers = GltfJson.Array(root, "buffers");
        _bufferViews = GltfJson.Array(root, "bufferViews");
        _accessors = GltfJson.Array(root, "accessors");
        _meshes = GltfJson.Array(root, "meshes");
        _nodes = GltfJson.Array(root, "nodes");
        _scenes = GltfJson.Array(root, "scenes");
        _materials = GltfJson.Array(root, "materials");
        _textures = GltfJson.Array(root, "textures");
        _images = GltfJson.Array(root, "images");
        _samplers = GltfJson.Array(root, "samplers");
        _skins = GltfJson.Array(root, "skins");
        _bufferData = new ReadOnlyMemory<byte>?[_buffers.Length];
    }

    private void Warn(string message)
    {
        lock (_warnings) _warnings.Add(message);
    }

    private void Step(string stage)
    {
        if (_progress is null) return;
        lock (_warnings) // reports stay in order when images and geometry finish on different threads
        {
            int done = ++_workDone;
            _progress.Report((Math.Min(0.99f, 0.1f + 0.9f * done / _workTotal), stage));
        }
    }

    public ModelData Build(string name)
    {
        CheckAssetAndExtensions();
        _ct.ThrowIfCancellationRequested();

        var parents = ValidateNodeGraph();
        var world = _world = ComputeWorldMatrices(parents);
        var sceneRoots = DefaultSceneRoots(parents);

        // Default-scene nodes, parents before children.
        var order = new List<int>();
        var newIndex = new Dictionary<int, int>();
        var stack = new Stack<int>();
        for (int r = sceneRoots.Length - 1; r >= 0; r--) stack.Push(sceneRoots[r]);
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            newIndex[n] = order.Count;
            order.Add(n);
            var children = GltfJson.OptIndices(_nodes[n], "children", _nodes.Length, "node", $"node {n}");
            for (int c = children.Length - 1; c >= 0; c--) stack.Push(children[c]);
        }

        var materials = BuildMaterials();
        var plans = PlanMeshes(order);
        _workTotal = 1 + plans.Count + _imageJobs.Count;

        // Images decode on worker threads while this thread builds the geometry.
        TextureData[] textures = [];
        List<MeshData> meshes = [];
        RunTogether(
            () => meshes = BuildMeshes(plans),
            () => textures = DecodeTextures());

        var nodes = new NodeData[order.Count];
        long primitiveCount = 0;
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        for (int i = 0; i < order.Count; i++)
        {
            int n = order[i];
            var node = _nodes[n];
            int parent = parents[n] >= 0 && newIndex.TryGetValue(parents[n], out int p) ? p : -1;
            int mesh = _nodeMeshPlan.TryGetValue(n, out int planIndex) ? planIndex : -1;
            nodes[i] = new NodeData
            {
                Name = GltfJson.OptString(node, "name", $"node {n}") ?? $"node{n}",
                Parent = parent,
                LocalMatrix = LocalMatrix(n),
                WorldMatrix = world[n],
                Mesh = mesh,
            };
            if (mesh >= 0)
            {
                foreach (var prim in meshes[mesh].Primitives)
                {
                    primitiveCount += prim.TriangleCount;
                    GltfGeometry.ExtendBounds(prim.Positions, world[n], ref min, ref max);
                }
            }
        }
        if (min.X > max.X) min = max = Vector3.Zero;
        _progress?.Report((1f, "done"));

        return new ModelData
        {
            Name = name,
            Meshes = meshes,
            Materials = materials,
            Textures = textures,
            Nodes = nodes,
            Warnings = _warnings.ToArray(),
            PrimitiveCount = primitiveCount,
            BoundsMin = min,
            BoundsMax = max,
        };
    }

    private void RunTogether(Action a, Action b)
    {
        try
        {
            Parallel.Invoke(new ParallelOptions { CancellationToken = _ct }, a, b);
        }
        catch (AggregateException e)
        {
            var inner = e.Flatten().InnerExceptions;
            var first = inner.FirstOrDefault(x => x is GltfLoadException) ?? inner.FirstOrDefault(x => x is OperationCanceledException) ?? inner[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    private void CheckAssetAndExtensions()
    {
        var asset = GltfJson.OptObject(_root, "asset", "root") ?? throw new GltfLoadException("required property 'asset' is missing (not a glTF 2.0 file?)");
        string version = GltfJson.OptString(asset, "version", "asset") ?? throw new GltfLoadException("asset: required property 'version' is missing");
        string? minVersion = GltfJson.OptString(asset, "minVersion", "asset");
        if (!version.StartsWith("2.", StringComparison.Ordinal) || (minVersion is not null && minVersion != "2.0"))
            throw new GltfLoadException($"asset.version {version}{(minVersion is null ? "" : $" (minVersion {minVersion})")} is not supported; only glTF 2.0 is");

        foreach (var ext in GltfJson.OptStrings(_root, "extensionsRequired"))
            if (!SupportedExtensions.Contains(ext))
                throw new GltfLoadException($"extension {ext} is required by the file but not supported (supported: {string.Join(", ", SupportedExtensions)})");
        foreach (var ext in GltfJson.OptStrings(_root, "extensionsUsed"))
            if (!SupportedExtensions.Contains(ext))
                Warn($"optional extension {ext} is not supported and is ignored");
    }

    /// <summary>Parent of every node (-1 for roots); fails on bad child indices, two parents, or cycles.</summary>
    private int[] ValidateNodeGraph()
    {
        var parents = new int[_nodes.Length];
        System.Array.Fill(parents, -1);
        for (int n = 0; n < _nodes.Length; n++)
        {
            foreach (int c in GltfJson.OptIndices(_nodes[n], "children", _nodes.Length, "node", $"node {n}"))
            {
                if (c == n) throw new GltfLoadException($"node {n} lists itself as a child (cycle in the node graph)");
                if (parents[c] >= 0) throw new GltfLoadException($"node {c} has two parents (nodes {parents[c]} and {n}); the node graph must be a forest");
                parents[c] = n;
            }
        }
        // With at most one parent each, a cycle is a parent chain that never reaches a root.
        var state = new int[_nodes.Length]; // 0 unknown, 1 reaches a root, otherwise 2 + the start node of the walk
        for (int n = 0; n < _nodes.Length; n++)
        {
            int cur = n;
            while (cur >= 0 && state[cur] == 0)
            {
                state[cur] = 2 + n;
                cur = parents[cur];
            }
            if (cur >= 0 && state[cur] == 2 + n)
                throw new GltfLoadException($"the node graph has a cycle through node {cur}");
            for (cur = n; cur >= 0 && state[cur] == 2 + n; cur = parents[cur]) state[cur] = 1;
        }
        return parents;
    }

    private Matrix4x4 LocalMatrix(int n)
    {
        var node = _nodes[n];
        string ctx = $"node {n}";
        if (GltfJson.OptFloats(node, "matrix", 16, ctx) is { } m)
        {
            // glTF stores column-major matrices for column vectors; read in order they are the row-vector matrix.
            return new Matrix4x4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]);
        }
        var t = GltfJson.OptVec3(node, "translation", Vector3.Zero, ctx);
        var r = GltfJson.OptVec4(node, "rotation", new Vector4(0, 0, 0, 1), ctx);
        var s = GltfJson.OptVec3(node, "scale", Vector3.One, ctx);
        var q = new Quaternion(r.X, r.Y, r.Z, r.W);
        float len = q.Length();
        q = len > 1e-12f ? Quaternion.Normalize(q) : Quaternion.Identity;
        return Matrix4x4.CreateScale(s) * Matrix4x4.CreateFromQuaternion(q) * Matrix4x4.CreateTranslation(t);
    }

    private Matrix4x4[] ComputeWorldMatrices(int[] parents)
    {
        var world = new Matrix4x4[_nodes.Length];
        var done = new bool[_nodes.Length];
        var chain = new Stack<int>();
        for (int n = 0; n < _nodes.Length; n++)
        {
            for (int cur = n; cur >= 0 && !done[cur]; cur = parents[cur]) chain.Push(cur);
            while (chain.Count > 0)
            {
                int c = chain.Pop();
                var local = LocalMatrix(c);
                world[c] = parents[c] >= 0 ? local * world[parents[c]] : local;
                done[c] = true;
            }
        }
        return world;
    }

    private int[] DefaultSceneRoots(int[] parents)
    {
        if (_scenes.Length == 0)
        {
            var roots = new List<int>();
            for (int n = 0; n < _nodes.Length; n++) if (parents[n] < 0) roots.Add(n);
            return roots.ToArray();
        }
        int scene = GltfJson.OptIndex(_root, "scene", _scenes.Length, "scene", "root") ?? 0;
        var nodes = GltfJson.OptIndices(_scenes[scene], "nodes", _nodes.Length, "node", $"scene {scene}");
        var seen = new HashSet<int>();
        foreach (int n in nodes)
        {
            if (parents[n] >= 0) throw new GltfLoadException($"scene {scene} lists node {n} as a root, but it is a child of node {parents[n]}");
            if (!seen.Add(n)) throw new GltfLoadException($"scene {scene} lists node {n} twice");
        }
        return nodes;
    }
}
