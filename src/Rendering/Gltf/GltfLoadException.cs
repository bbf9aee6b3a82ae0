namespace ArrHost.Rendering.Gltf;

/// <summary>A glTF file could not be loaded; the message names the problem and the element (e.g. "accessor 3: ...").</summary>
internal sealed class GltfLoadException : Exception
{
    public GltfLoadException(string message) : base(message) { }
    public GltfLoadException(string message, Exception inner) : base(message, inner) { }
}
