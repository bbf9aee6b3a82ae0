namespace ArrHost.Rendering.Gpu;

internal enum BufferUsage { Uniform, Staging, Readback, VertexIndex }
