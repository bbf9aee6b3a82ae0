namespace ArrHost.Client;

/// <summary>
/// An entity of the remote scene as the host reported it (a snapshot: later changes made by
/// commands are not reflected here). Pass it to the scene commands of <see cref="RenderingConnection"/>.
/// </summary>
public sealed class Entity
{
    private readonly List<Entity> _children = [];

    internal Entity(ulong id, string name, ulong parentId, EntityTransform localTransform, bool hasMesh)
    {
        Id = id;
        Name = name;
        ParentId = parentId;
        LocalTransform = localTransform;
        HasMesh = hasMesh;
    }

    /// <summary>The entity id (never 0).</summary>
    public ulong Id { get; }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The parent's id; 0 for the scene root.</summary>
    public ulong ParentId { get; }

    /// <summary>The parent in this snapshot; null at the top of the snapshot.</summary>
    public Entity? Parent { get; private set; }

    /// <summary>The local transform.</summary>
    public EntityTransform LocalTransform { get; }

    /// <summary>Whether it draws a mesh.</summary>
    public bool HasMesh { get; }

    /// <summary>The children, in the host's order.</summary>
    public IReadOnlyList<Entity> Children => _children;

    /// <summary>This entity and all its descendants, depth first.</summary>
    /// <returns>The entities.</returns>
    public IEnumerable<Entity> DescendantsAndSelf()
    {
        var stack = new Stack<Entity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            for (var i = e._children.Count - 1; i >= 0; i--) stack.Push(e._children[i]);
        }
    }

    /// <summary>The first entity of this subtree with the name, depth first; null when none.</summary>
    /// <param name="name">The name (ordinal comparison).</param>
    /// <returns>The entity or null.</returns>
    public Entity? FindByName(string name) => DescendantsAndSelf().FirstOrDefault(e => e.Name == name);

    internal void AddChild(Entity child)
    {
        child.Parent = this;
        _children.Add(child);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (#{Id})";
}
