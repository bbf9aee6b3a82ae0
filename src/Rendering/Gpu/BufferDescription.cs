namespace ArrHost.Rendering.Gpu;

/// <summary>What to create: size, use, and whether the CPU maps it.</summary>
internal readonly record struct BufferDescription(ulong Size, BufferUsage Usage);
