namespace ArrHost.Rendering.Gpu;

/// <summary>Thrown when model data cannot be uploaded (bad indices, bad textures, ...). The renderer keeps working.</summary>
internal sealed class ModelUploadException(string message) : Exception(message);
