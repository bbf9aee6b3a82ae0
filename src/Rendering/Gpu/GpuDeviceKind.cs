namespace ArrHost.Rendering.Gpu;

/// <summary>Device kinds in order of preference.</summary>
internal enum GpuDeviceKind { Discrete, Integrated, Virtual, Cpu, Other }
