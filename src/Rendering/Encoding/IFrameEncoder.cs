using System.Buffers;
using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// Encodes RGBA8 frames of one fixed size. Not thread-safe: one thread (the encode worker) uses
/// an encoder. Implementations reuse their native and managed buffers across frames.
/// </summary>
internal interface IFrameEncoder : IDisposable
{
    /// <summary>The codec of the output.</summary>
    Codec Codec { get; }

    /// <summary>The encoder in use: "libx264", "h264_nvenc", "libturbojpeg" or "raw".</summary>
    string Name { get; }

    int Width { get; }

    int Height { get; }

    /// <summary>
    /// Encodes one frame (top row first, <paramref name="rowPitch"/> bytes between rows) and
    /// appends the encoded bytes (an Annex-B access unit for H.264, a JPEG file, or tight RGBA
    /// rows) to <paramref name="output"/>.
    /// </summary>
    EncodeResult Encode(ReadOnlySpan<byte> rgba, int rowPitch, bool forceKeyframe, IBufferWriter<byte> output);
}
