using System.Buffers;
using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Encoding;

/// <summary>
/// An encoded frame from the <see cref="EncodeWorker"/>. Pooled: its buffer is reused once the
/// consumer calls <see cref="Release"/> after sending <see cref="Data"/>.
/// </summary>
internal sealed class EncodedFrame
{
    private readonly EncodeWorker _owner;

    internal EncodedFrame(EncodeWorker owner) => _owner = owner;

    internal ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

    public ReadOnlyMemory<byte> Data => Buffer.WrittenMemory;

    public Codec Codec { get; internal set; }

    public bool Keyframe { get; internal set; }

    public int Width { get; internal set; }

    public int Height { get; internal set; }

    public ulong PoseId { get; internal set; }

    public long ClientTimestampUs { get; internal set; }

    /// <summary>FrameTimings.encode_us: colour conversion and encoding.</summary>
    public uint EncodeUs { get; internal set; }

    /// <summary>Gives the buffer back to the worker's pool.</summary>
    public void Release() => _owner.Return(this);
}
