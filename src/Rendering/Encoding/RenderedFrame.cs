namespace ArrHost.Rendering.Encoding;

/// <summary>A read-back RGBA frame handed from the render thread to the <see cref="EncodeWorker"/>.</summary>
/// <param name="Rgba">The pixels, top row first; must stay valid until the worker releases <paramref name="Slot"/>.</param>
/// <param name="RowPitch">Bytes between rows (the readback buffer's row pitch).</param>
/// <param name="PoseId">The pose rendered; echoed in the frame.</param>
/// <param name="ClientTimestampUs">The pose's client timestamp; echoed.</param>
/// <param name="Slot">The renderer's frame slot; passed back through the release callback once encoded.</param>
internal readonly record struct RenderedFrame(ReadOnlyMemory<byte> Rgba, int RowPitch, ulong PoseId, long ClientTimestampUs, object? Slot = null);
