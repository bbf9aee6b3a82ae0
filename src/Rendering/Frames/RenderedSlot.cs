namespace ArrHost.Rendering.Frames;

/// <summary>Read-back pixels of one frame and the durations of its stages, in µs.</summary>
internal readonly record struct RenderedSlot(ReadOnlyMemory<byte> Rgba, int RowPitch, object Slot, int WaitUs, int RenderUs, int ReadbackUs, bool OverBudget);
