using ArrHost.Rendering.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;
using Semaphore = Silk.NET.Vulkan.Semaphore;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>What to create: size, use, and whether the CPU maps it.</summary>
internal readonly record struct BufferDescription(ulong Size, BufferUsage Usage);
