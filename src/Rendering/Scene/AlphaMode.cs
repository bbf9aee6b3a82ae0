namespace ArrHost.Rendering.Scene;

internal enum AlphaMode { Opaque, Mask, Blend }
