namespace ArrHost.Rendering.Scene;

/// <summary>A scene command that cannot be applied; <see cref="Code"/> is sent to the client in an Error message.</summary>
internal sealed class SceneException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static SceneException NotFound(ulong id) => new("NotFound", $"entity {id} does not exist");
}
