using System.Numerics;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// One model drawn with a world transform. <paramref name="NodeWorlds"/>, when the client moved or
/// deleted nodes inside the model, replaces the file's node transforms: entry i is node i's transform
/// relative to the model's root, and an all-zero matrix (M44 == 0) marks a deleted node, not drawn.
/// </summary>
internal readonly record struct DrawInstance(GpuModel Model, Matrix4x4 World, Matrix4x4[]? NodeWorlds = null);
