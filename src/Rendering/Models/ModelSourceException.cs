namespace ArrHost.Rendering.Models;

/// <summary>A model URL that is refused or cannot be fetched; <see cref="Code"/> goes to the client.</summary>
internal sealed class ModelSourceException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
