using ArrHost.Rendering.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;
using Semaphore = Silk.NET.Vulkan.Semaphore;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

internal enum BufferUsage { Uniform, Staging, Readback, VertexIndex }
