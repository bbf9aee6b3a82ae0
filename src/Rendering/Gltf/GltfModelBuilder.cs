using System.Numerics;
using System.Runtime.ExceptionServices;
using ArrHost.Rendering.Scene;
using SharpGLTF.Schema2;

namespace ArrHost.Rendering.Gltf;

/// <summary>
/// Turns one glTF document parsed by SharpGLTF into a <see cref="ModelData"/>: applies the renderer's
/// rules (supported extensions, size limits), validates the node graph, builds the
/// default scene, triangulates primitives (morph weights and skin rest pose applied) and decodes the
/// images in parallel with the geometry. One instance per load.
/// </summary>
internal sealed partial class GltfModelBuilder
{
    /// <summary>Extensions this loader implements; anything else in extensionsRequired fails the load.</summary>
    public static readonly IReadOnlyList<string> SupportedExtensions = ["KHR_mesh_quantization", "KHR_materials_emissive_strength"];

    private readonly ModelRoot _root;
    private readonly GltfLoadOptions _options;
    private readonly IProgress<(float fraction, string stage)>? _progress;
    private readonly CancellationToken _ct;
    private readonly List<string> _warnings = [];

    private readonly IReadOnlyList<Node> _nodes;

    private int _workDone, _workTotal = 1;

    public GltfModelBuilder(ModelRoot root, GltfLoadOptions options, IProgress<(float fraction, string stage)>? progress, CancellationToken ct)
    {
        _root = root;
        _options = options;
        _progress = progress;
        _ct = ct;
        _nodes = root.LogicalNodes;
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
        CheckBuffers();
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
            var children = Children(n);
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
            int parent = parents[n] >= 0 && newIndex.TryGetValue(parents[n], out int p) ? p : -1;
            int mesh = _nodeMeshPlan.TryGetValue(n, out int planIndex) ? planIndex : -1;
            nodes[i] = new NodeData
            {
                Name = _nodes[n].Name ?? $"node{n}",
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
        var asset = _root.Asset ?? throw new GltfLoadException("required property 'asset' is missing (not a glTF 2.0 file?)");
        if (asset.Version is not { Major: 2 } || (asset.MinVersion is { } min && min != new Version(2, 0)))
            throw new GltfLoadException($"asset.version {asset.Version}{(asset.MinVersion is null ? "" : $" (minVersion {asset.MinVersion})")} is not supported; only glTF 2.0 is");

        // SharpGLTF reads some extensions that this renderer ignores (KHR_texture_transform, ...): the renderer's own list decides.
        foreach (var ext in _root.ExtensionsRequired)
            if (!SupportedExtensions.Contains(ext))
                throw new GltfLoadException($"extension {ext} is required by the file but not supported (supported: {string.Join(", ", SupportedExtensions)})");
        foreach (var ext in _root.ExtensionsUsed)
            if (!SupportedExtensions.Contains(ext))
                Warn($"optional extension {ext} is not supported and is ignored");
    }

    /// <summary>
    /// The buffers as SharpGLTF holds them (external files, data: URIs and the GLB BIN chunk). External
    /// files were charged while being read; data: URIs and the BIN chunk are bounded by the file size.
    /// </summary>
    private void CheckBuffers()
    {
        long total = 0;
        foreach (var buffer in _root.LogicalBuffers)
        {
            long length = buffer.Content?.LongLength ?? 0;
            if (length > _options.MaxFileBytes)
                throw new GltfLoadException($"buffer {buffer.LogicalIndex}: {length} bytes exceed the limit of {_options.MaxFileBytes} per buffer");
            total += length;
            if (total > _options.MaxTotalBufferBytes)
                throw new GltfLoadException($"buffer {buffer.LogicalIndex}: the buffers exceed the limit of {_options.MaxTotalBufferBytes} bytes in total");
        }
    }

    private int[] Children(int n)
    {
        var children = new List<int>();
        foreach (var child in _nodes[n].VisualChildren) children.Add(child.LogicalIndex);
        return children.ToArray();
    }

    /// <summary>Parent of every node (-1 for roots); fails on bad child indices, two parents, or cycles.</summary>
    private int[] ValidateNodeGraph()
    {
        var parents = new int[_nodes.Count];
        System.Array.Fill(parents, -1);
        for (int n = 0; n < _nodes.Count; n++)
        {
            foreach (int c in Children(n))
            {
                if (c == n) throw new GltfLoadException($"node {n} lists itself as a child (cycle in the node graph)");
                if (parents[c] >= 0) throw new GltfLoadException($"node {c} has two parents (nodes {parents[c]} and {n}); the node graph must be a forest");
                parents[c] = n;
            }
        }
        // With at most one parent each, a cycle is a parent chain that never reaches a root.
        var state = new int[_nodes.Count]; // 0 unknown, 1 reaches a root, otherwise 2 + the start node of the walk
        for (int n = 0; n < _nodes.Count; n++)
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
        var local = _nodes[n].LocalTransform;
        if (local.IsMatrix) return local.Matrix;
        // A zero rotation quaternion is taken as none (as before); others are normalized.
        var q = local.Rotation;
        float len = q.Length();
        q = len > 1e-12f && float.IsFinite(len) ? Quaternion.Normalize(q) : Quaternion.Identity;
        return Matrix4x4.CreateScale(local.Scale) * Matrix4x4.CreateFromQuaternion(q) * Matrix4x4.CreateTranslation(local.Translation);
    }

    private Matrix4x4[] ComputeWorldMatrices(int[] parents)
    {
        var world = new Matrix4x4[_nodes.Count];
        var done = new bool[_nodes.Count];
        var chain = new Stack<int>();
        for (int n = 0; n < _nodes.Count; n++)
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
        if (_root.LogicalScenes.Count == 0)
        {
            var roots = new List<int>();
            for (int n = 0; n < _nodes.Count; n++) if (parents[n] < 0) roots.Add(n);
            return roots.ToArray();
        }
        var scene = _root.DefaultScene ?? _root.LogicalScenes[0];
        var nodes = scene.VisualChildren.Select(node => node.LogicalIndex).ToArray();
        var seen = new HashSet<int>();
        foreach (int n in nodes)
        {
            if (parents[n] >= 0) throw new GltfLoadException($"scene {scene.LogicalIndex} lists node {n} as a root, but it is a child of node {parents[n]}");
            if (!seen.Add(n)) throw new GltfLoadException($"scene {scene.LogicalIndex} lists node {n} twice");
        }
        return nodes;
    }
}
