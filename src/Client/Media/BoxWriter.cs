using System.Buffers.Binary;

namespace ArrHost.Client.Media;

/// <summary>Builds nested ISO BMFF boxes in memory (sizes patched when a box ends).</summary>
internal sealed class BoxWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly Stack<long> _open = new();

    public void Begin(string type)
    {
        _open.Push(_buffer.Position);
        U32(0);
        Type(type);
    }

    public void BeginFull(string type, byte version, uint flags)
    {
        Begin(type);
        U32(((uint)version << 24) | flags);
    }

    public void End()
    {
        long start = _open.Pop();
        long end = _buffer.Position;
        _buffer.Position = start;
        U32((uint)(end - start));
        _buffer.Position = end;
    }

    public void Type(string fourcc)
    {
        foreach (char c in fourcc)
        {
            _buffer.WriteByte((byte)c);
        }
    }

    public void U8(byte v) => _buffer.WriteByte(v);

    public void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        _buffer.Write(b);
    }

    public void U64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        _buffer.Write(b);
    }

    public void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        _buffer.Write(b);
    }

    public void Zeros(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _buffer.WriteByte(0);
        }
    }

    public void Bytes(ReadOnlySpan<byte> data) => _buffer.Write(data);

    /// <summary>The unity transformation matrix of mvhd/tkhd.</summary>
    public void Matrix()
    {
        uint[] m = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
        foreach (uint v in m)
        {
            U32(v);
        }
    }

    public void CopyTo(Stream output)
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException("Unclosed box.");
        }
        output.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
    }
}
