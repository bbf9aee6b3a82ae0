using System.Runtime.InteropServices;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;
using Semaphore = Silk.NET.Vulkan.Semaphore;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>Vertex streams a primitive has: selects the shader variant.</summary>
[Flags]
internal enum VertexStreams { PositionNormal = 0, Color = 1, Uv = 2 }
