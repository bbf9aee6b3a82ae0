using System.Numerics;

namespace ArrHost.Rendering.Scene;

/// <summary>
/// One placed model to draw: the model's root entity and its world transform; the renderer's input per frame.
/// <paramref name="NodeWorlds"/> is null while the model's nodes keep the file's transforms; once the client
/// moves or deletes a node inside it, entry i is node i's transform relative to the root, and an all-zero
/// matrix (M44 == 0) marks a deleted node. A new array is made on each change, so a frame being recorded
/// keeps the one it was given.
/// </summary>
internal readonly record struct PlacedModel(LoadedModel Model, Matrix4x4 World, ulong EntityId, Matrix4x4[]? NodeWorlds = null);
