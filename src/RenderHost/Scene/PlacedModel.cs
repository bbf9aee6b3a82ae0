using System.Numerics;

namespace ArrHost.RenderHost.Scene;

/// <summary>One placed model to draw: the model's root entity and its world transform; the renderer's input per frame.</summary>
internal readonly record struct PlacedModel(LoadedModel Model, Matrix4x4 World, ulong EntityId);
