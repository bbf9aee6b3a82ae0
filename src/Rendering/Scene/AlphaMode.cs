using System.Numerics;

namespace ArrHost.Rendering.Scene;

internal enum AlphaMode { Opaque, Mask, Blend }
