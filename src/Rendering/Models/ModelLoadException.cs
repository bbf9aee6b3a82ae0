namespace ArrHost.Rendering.Models;

/// <summary>A model that was found but could not be loaded (malformed, too large, unsupported).</summary>
internal sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
