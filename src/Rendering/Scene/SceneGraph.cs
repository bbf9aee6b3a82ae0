using System.Numerics;
using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Scene;

/// <summary>
/// The scene of one connection. Touched only by the connection's command loop and, between
/// commands, by the frame loop through <see cref="CollectPlacedModels"/>; callers serialize access.
/// </summary>
internal sealed class SceneGraph
{
    /// <summary>Bounds the work a flooding client can cause.</summary>
    public const int MaxEntities = 1_000_000;

    private readonly Dictionary<ulong, Entity> _entities = [];
    private readonly Entity _root = new(0, "root");
    private readonly Dictionary<string, LoadedModel> _models = new(StringComparer.Ordinal);
    private ulong _nextId = 1;

    /// <summary>Bumped on every change so the frame loop re-collects draw items only when needed.</summary>
    public long Version { get; private set; }

    public long PrimitiveCount { get; private set; }

    public bool TryGetModel(string key, out LoadedModel model) => _models.TryGetValue(key, out model!);

    public Entity Get(ulong id) =>
        _entities.TryGetValue(id, out var e) ? e : throw SceneException.NotFound(id);

    public Entity CreateEntity(string name, ulong parentId, Transform? transform)
    {
        var parent = ResolveParent(parentId);
        EnsureAttachable(parent);
        EnsureRoom(1);
        var entity = new Entity(_nextId++, name) { Local = ToMatrix(transform) };
        Attach(entity, parent);
        return entity;
    }

    /// <summary>Adds a model's node tree under <paramref name="parentId"/>; the model is shared if already present.</summary>
    public Entity AddModel(LoadedModel model, ulong parentId, Transform? transform)
    {
        var parent = ResolveParent(parentId);
        EnsureAttachable(parent);
        var nodes = model.Data.Nodes;
        EnsureRoom(nodes.Count + 1);

        var root = new Entity(_nextId++, model.Data.Name) { Local = ToMatrix(transform), Model = model, IsModelRoot = true };
        Attach(root, parent);
        var created = new Entity[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            // Nodes come parents first, so a parent's entity exists before its children's.
            var owner = node.Parent >= 0 ? created[node.Parent] : root;
            var entity = new Entity(_nextId++, node.Name.Length > 0 ? node.Name : $"node{i}")
            {
                Local = node.LocalMatrix,
                Model = model,
                Mesh = node.Mesh,
                Node = i,
            };
            Attach(entity, owner);
            created[i] = entity;
        }

        _models[model.Key] = model;
        model.References++;
        PrimitiveCount += model.Data.PrimitiveCount;
        return root;
    }

    /// <summary>Deletes an entity and its subtree; returns models no longer referenced, for the caller to free.</summary>
    public List<LoadedModel> Delete(ulong id)
    {
        var entity = Get(id);
        if (entity.IsModelNode) ModelRootOf(entity).NodesChanged = true;
        var freed = new List<LoadedModel>();
        Remove(entity, freed);
        entity.AttachTo(null);
        Version++;
        return freed;
    }

    public void SetTransform(ulong id, Transform? transform, bool setParent, ulong parentId)
    {
        var entity = Get(id);
        if (setParent && entity.IsModelNode)
        {
            throw new SceneException("FailedPrecondition", $"entity {entity.Id} is a node inside model '{entity.Model!.Data.Name}': it can be moved, or deleted, but stays in its model; re-parent the model's root entity instead");
        }

        if (setParent)
        {
            var parent = ResolveParent(parentId);
            if (parent.IsSelfOrAncestor(entity))
            {
                throw new SceneException("InvalidArgument", $"making {parentId} the parent of {id} would create a cycle");
            }

            if (Depth(parent) + Height(entity) > MaxDepth)
            {
                throw new SceneException("InvalidArgument", $"the hierarchy would be deeper than {MaxDepth} levels");
            }

            entity.AttachTo(parent);
        }

        if (transform is not null)
        {
            entity.Local = ToMatrix(transform);
            if (entity.IsModelNode) ModelRootOf(entity).NodesChanged = true;
        }

        Version++;
    }

    /// <summary>Recomputes world matrices and fills <paramref name="items"/> with the placed models, for the renderer and ray casts (reused list, no allocation once warm).</summary>
    public void CollectPlacedModels(List<PlacedModel> items)
    {
        items.Clear();
        foreach (var child in _root.Children) Collect(child, Matrix4x4.Identity, items);
    }

    /// <summary>Removes everything; returns the models that were loaded, for the caller to free.</summary>
    public List<LoadedModel> Clear()
    {
        var models = _models.Values.ToList();
        foreach (var child in _root.Children.ToList()) child.AttachTo(null);
        _entities.Clear();
        _models.Clear();
        PrimitiveCount = 0;
        Version++;
        return models;
    }

    public EntityInfo Describe(Entity entity, int maxDepth = 64)
    {
        Matrix4x4.Decompose(entity.Local, out var scale, out var rotation, out var position);
        var info = new EntityInfo
        {
            EntityId = entity.Id,
            Name = entity.Name,
            ParentEntityId = entity.Parent?.Id ?? 0,
            HasMesh = entity.Mesh >= 0,
            Transform = new Transform
            {
                Position = new Vec3 { X = position.X, Y = position.Y, Z = position.Z },
                Rotation = new Quat { X = rotation.X, Y = rotation.Y, Z = rotation.Z, W = rotation.W },
                Scale = new Vec3 { X = scale.X, Y = scale.Y, Z = scale.Z },
            },
        };
        if (maxDepth > 0)
        {
            foreach (var child in entity.Children) info.Children.Add(Describe(child, maxDepth - 1));
        }

        return info;
    }

    public static Matrix4x4 ToMatrix(Transform? t)
    {
        if (t is null) return Matrix4x4.Identity;
        var scale = t.Scale is { } s && (s.X != 0 || s.Y != 0 || s.Z != 0) ? new Vector3(s.X, s.Y, s.Z) : Vector3.One;
        var rotation = t.Rotation is { } q && (q.X != 0 || q.Y != 0 || q.Z != 0 || q.W != 0)
            ? Quaternion.Normalize(new Quaternion(q.X, q.Y, q.Z, q.W))
            : Quaternion.Identity;
        var position = t.Position is { } p ? new Vector3(p.X, p.Y, p.Z) : Vector3.Zero;
        if (!float.IsFinite(scale.X + scale.Y + scale.Z + position.X + position.Y + position.Z + rotation.X + rotation.Y + rotation.Z + rotation.W))
        {
            throw new SceneException("InvalidArgument", "transform contains NaN or infinity");
        }

        return Matrix4x4.CreateScale(scale) * Matrix4x4.CreateFromQuaternion(rotation) * Matrix4x4.CreateTranslation(position);
    }

    /// <summary>Hierarchies deeper than this are refused (bounded recursion in every walk).</summary>
    public const int MaxDepth = 256;

    private Entity ResolveParent(ulong parentId) => parentId == 0 ? _root : Get(parentId);

    private static void EnsureAttachable(Entity parent)
    {
        if (Depth(parent) >= MaxDepth)
        {
            throw new SceneException("InvalidArgument", $"the hierarchy would be deeper than {MaxDepth} levels");
        }
    }

    /// <summary>The root entity of the model instance a node entity belongs to (nodes never leave their model).</summary>
    private static Entity ModelRootOf(Entity node)
    {
        for (var p = node.Parent; p is not null; p = p.Parent)
        {
            if (p.IsModelRoot && ReferenceEquals(p.Model, node.Model)) return p;
        }

        throw new InvalidOperationException($"entity {node.Id} is a model node without its model's root");
    }

    /// <summary>Node transforms relative to <paramref name="root"/>; nodes no longer in the tree stay all-zero (deleted).</summary>
    private static Matrix4x4[] ComputeNodeWorlds(Entity root)
    {
        var worlds = new Matrix4x4[root.Model!.Data.Nodes.Count];
        Fill(root, Matrix4x4.Identity);
        return worlds;

        void Fill(Entity parent, in Matrix4x4 parentRelative)
        {
            foreach (var child in parent.Children)
            {
                // Entities the client attached, and other model roots, are placed by Collect on their own.
                if (!child.IsModelNode || !ReferenceEquals(child.Model, root.Model)) continue;
                var relative = child.Local * parentRelative;
                worlds[child.Node] = relative;
                Fill(child, relative);
            }
        }
    }

    private static int Depth(Entity e)
    {
        var depth = 0;
        for (var p = e; p.Parent is not null; p = p.Parent) depth++;
        return depth;
    }

    private static int Height(Entity e)
    {
        var height = 0;
        foreach (var c in e.Children) height = Math.Max(height, 1 + Height(c));
        return height;
    }

    private void EnsureRoom(int count)
    {
        if (_entities.Count + count > MaxEntities)
        {
            throw new SceneException("ResourceExhausted", $"the scene is limited to {MaxEntities} entities");
        }
    }

    private void Attach(Entity entity, Entity parent)
    {
        entity.AttachTo(parent);
        _entities.Add(entity.Id, entity);
        Version++;
    }

    private void Remove(Entity entity, List<LoadedModel> freed)
    {
        // Iterative to survive deep hierarchies without blowing the stack.
        var stack = new Stack<Entity>();
        stack.Push(entity);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            _entities.Remove(e.Id);
            if (e.IsModelRoot && e.Model is { } model && --model.References == 0)
            {
                _models.Remove(model.Key);
                PrimitiveCount -= model.Data.PrimitiveCount;
                freed.Add(model);
            }

            foreach (var c in e.Children) stack.Push(c);
        }
    }

    private static void Collect(Entity entity, in Matrix4x4 parentWorld, List<PlacedModel> items)
    {
        entity.World = entity.Local * parentWorld;
        if (entity.IsModelRoot && entity.Model is { } model)
        {
            // The renderer and the ray caster place whole models; inside, the file's node transforms apply
            // until the client changes a node, then this instance's own.
            if (entity.NodesChanged)
            {
                entity.NodeWorlds = ComputeNodeWorlds(entity);
                entity.NodesChanged = false;
            }

            items.Add(new PlacedModel(model, entity.World, entity.Id, entity.NodeWorlds));
        }

        var children = entity.Children;
        for (var i = 0; i < children.Count; i++) Collect(children[i], entity.World, items);
    }
}
