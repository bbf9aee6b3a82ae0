namespace ArrHost.Rendering.Gltf;

/// <summary>An external file of a model was refused or could not be read; <see cref="Uri"/> is the URI as the JSON holds it.</summary>
internal sealed class GltfAssetException(string uri, string reason) : Exception(reason)
{
    public string Uri { get; } = uri;
}
