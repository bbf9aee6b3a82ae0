using System.Numerics;

namespace ArrHost.Rendering.Scene;

/// <summary>A node of the client's scene: a transform, children, and optionally one mesh of a loaded model.</summary>
internal sealed class Entity
{
    private readonly List<Entity> _children = [];

    public Entity(ulong id, string name)
    {
        Id = id;
        Name = name;
    }

    public ulong Id { get; }
    public string Name { get; }
    public Entity? Parent { get; private set; }
    public IReadOnlyList<Entity> Children => _children;

    /// <summary>The local transform; kept as a matrix because glTF nodes may carry matrices that are not TRS.</summary>
    public Matrix4x4 Local { get; set; } = Matrix4x4.Identity;

    /// <summary>The world transform as of the last <see cref="SceneGraph.CollectPlacedModels"/>.</summary>
    public Matrix4x4 World { get; internal set; } = Matrix4x4.Identity;

    /// <summary>The loaded model this entity draws a mesh of, or null.</summary>
    public LoadedModel? Model { get; init; }

    /// <summary>Index of the mesh in <see cref="LoadedModel.Data"/>; -1 when the entity draws nothing.</summary>
    public int Mesh { get; init; } = -1;

    /// <summary>True for the root entity of a loaded model (owns one reference to <see cref="Model"/>).</summary>
    public bool IsModelRoot { get; init; }

    /// <summary>For an entity made from a model's node: the node's index in the model; -1 otherwise.</summary>
    public int Node { get; init; } = -1;

    /// <summary>True for an entity made from a node inside a model (not its root).</summary>
    public bool IsModelNode => Node >= 0;

    /// <summary>
    /// On a model root: the node transforms relative to the root once the client changed a node inside
    /// the model (see <see cref="PlacedModel.NodeWorlds"/>); null while the file's transforms hold.
    /// </summary>
    public Matrix4x4[]? NodeWorlds { get; set; }

    /// <summary>On a model root: a node inside it changed since <see cref="NodeWorlds"/> was computed.</summary>
    public bool NodesChanged { get; set; }

    internal void AttachTo(Entity? parent)
    {
        Parent?._children.Remove(this);
        Parent = parent;
        parent?._children.Add(this);
    }

    /// <summary>True when <paramref name="candidate"/> is this entity or one of its ancestors.</summary>
    public bool IsSelfOrAncestor(Entity candidate)
    {
        for (var e = this; e is not null; e = e.Parent)
        {
            if (ReferenceEquals(e, candidate)) return true;
        }

        return false;
    }
}
