namespace ArrHost.Rendering.Encoding;

/// <summary>What one <see cref="IFrameEncoder.Encode"/> call produced.</summary>
/// <param name="Bytes">Bytes appended to the output.</param>
/// <param name="Keyframe">Whether the frame decodes on its own (an IDR for H.264).</param>
/// <param name="ElapsedTicks">Colour conversion plus encoding, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
internal readonly record struct EncodeResult(int Bytes, bool Keyframe, long ElapsedTicks)
{
    public uint ElapsedMicroseconds => (uint)(ElapsedTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);
}
