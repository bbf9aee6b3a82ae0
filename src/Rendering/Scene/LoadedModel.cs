namespace ArrHost.Rendering.Scene;

/// <summary>
/// A model loaded once per connection and shared by every entity that draws it (loading the same
/// URL twice shares the CPU data and the GPU resources). Counted so that the last removal frees it.
/// </summary>
internal sealed class LoadedModel
{
    public LoadedModel(string key, ModelData data, IDisposable? gpuResources)
    {
        Key = key;
        Data = data;
        GpuResources = gpuResources;
    }

    /// <summary>The canonical source (e.g. "builtin:spheres?triangles=10000" or an absolute path).</summary>
    public string Key { get; }
    public ModelData Data { get; }

    /// <summary>The uploaded meshes, materials and textures; owned by this object.</summary>
    public IDisposable? GpuResources { get; }

    /// <summary>Model roots in the scene that use this model.</summary>
    public int References { get; set; }
}
