namespace ArrHost.Rendering.Gpu;

/// <summary>Vertex streams a primitive has: selects the shader variant.</summary>
[Flags]
internal enum VertexStreams { PositionNormal = 0, Color = 1, Uv = 2 }
