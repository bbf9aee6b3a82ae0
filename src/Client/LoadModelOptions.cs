namespace ArrHost.Client;

/// <summary>What <see cref="RenderingConnection.LoadModelAsync"/> loads and where it goes.</summary>
public sealed class LoadModelOptions
{
    /// <summary>
    /// <c>builtin:&lt;name&gt;</c> (project-generated models, e.g. <c>builtin:spheres?triangles=100000</c>),
    /// a path relative to the host's asset root, or an http(s) URL the host allows.
    /// </summary>
    public required string Url { get; set; }

    /// <summary>The entity to attach the model's root to; null for the scene root.</summary>
    public Entity? Parent { get; set; }

    /// <summary>The transform of the model's root entity; null for the identity.</summary>
    public EntityTransform? Transform { get; set; }
}
