using System.Numerics;

namespace ArrHost.RenderHost.Scene;

/// <summary>One mesh to draw with its world transform; the renderer's input per frame.</summary>
internal readonly record struct DrawItem(LoadedModel Model, int Mesh, Matrix4x4 World, ulong EntityId);
