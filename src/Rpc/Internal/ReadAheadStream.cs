using System.Net.Sockets;

namespace ArrHost.Rpc.Internal;

/// <summary>
/// The client's connection stream, reading ahead into one large buffer. SocketsHttpHandler's HTTP/2 reader asks
/// for about one frame (16 KiB) at a time and, whenever its buffer is empty, first does a zero-byte read (a 1-byte
/// MSG_PEEK recv on Linux): two syscalls per 16 KiB. Here one recv takes whatever the socket holds (up to
/// <see cref="BufferSize"/>) and later reads, zero-byte ones included, are served from memory. Writes pass through.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    public const int BufferSize = 256 * 1024;

    /// <summary>Reads at least this large go straight into the caller's buffer.</summary>
    private const int DirectReadSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _offset;
    private int _count;
    private bool _eof;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>SocketsHttpHandler's ConnectCallback: a TCP connection as the default one (no Nagle), read ahead.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new ReadAheadStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count > 0)
        {
            return new ValueTask<int>(CopyBuffered(buffer.Span));
        }
        if (_eof)
        {
            return new ValueTask<int>(0);
        }
        if (buffer.Length >= DirectReadSize)
        {
            return _inner.ReadAsync(buffer, cancellationToken);
        }
        return FillAndCopyAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> FillAndCopyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // A zero-byte read waits for data the same way: by filling the buffer.
        var n = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _eof = true;
            return 0;
        }
        _offset = 0;
        _count = n;
        return CopyBuffered(buffer.Span);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_count > 0)
        {
            return CopyBuffered(buffer);
        }
        if (_eof)
        {
            return 0;
        }
        if (buffer.Length >= DirectReadSize)
        {
            return _inner.Read(buffer);
        }
        var n = _inner.Read(_buffer);
        if (n == 0)
        {
            _eof = true;
            return 0;
        }
        _offset = 0;
        _count = n;
        return CopyBuffered(buffer);
    }

    private int CopyBuffered(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _count);
        _buffer.AsSpan(_offset, n).CopyTo(destination);
        _offset += n;
        _count -= n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _inner.DisposeAsync();
    }
}
