using System.Numerics;
using System.Runtime.InteropServices;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;
using Semaphore = Silk.NET.Vulkan.Semaphore;
using Silk.NET.Vulkan;

namespace ArrHost.Rendering.Gpu;

/// <summary>Thrown when model data cannot be uploaded (bad indices, bad textures, ...). The renderer keeps working.</summary>
internal sealed class ModelUploadException(string message) : Exception(message);
