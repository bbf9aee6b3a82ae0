using ArrHost.Rpc.Internal;

namespace ArrHost.Rpc.Tests;

public class TransportBufferTests
{
    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read and counts the reads.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public int Reads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        }

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            return base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
        }
    }

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)(i * 7 + (i >> 8));
        }
        return data;
    }

    [Fact]
    public async Task ReadAhead_small_reads_are_served_from_one_large_read_and_keep_the_bytes_in_order()
    {
        var data = Pattern(300_000);
        var inner = new ChunkedStream(data, int.MaxValue);
        await using var stream = new ReadAheadStream(inner);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024 + 9];
        while (true)
        {
            // SocketsHttpHandler's pattern: a zero-byte read, then a frame-sized read.
            Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }
            received.Write(buffer, 0, n);
        }
        Assert.Equal(data, received.ToArray());
        Assert.True(inner.Reads <= 3, $"inner reads: {inner.Reads}");
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task ReadAhead_mixes_buffered_direct_and_sync_reads()
    {
        var data = Pattern(1_000_000);
        await using var stream = new ReadAheadStream(new ChunkedStream(data, 50_000));
        var received = new MemoryStream();
        var small = new byte[1000];
        var large = new byte[200_000];
        for (var i = 0; ; i++)
        {
            int n = (i % 3) switch
            {
                0 => await stream.ReadAsync(small),
                1 => await stream.ReadAsync(large),
                _ => stream.Read(small, 0, small.Length),
            };
            if (n == 0)
            {
                break;
            }
            received.Write((i % 3) == 1 ? large : small, 0, n);
        }
        Assert.Equal(data, received.ToArray());
    }

    [Fact]
    public void ReadAhead_passes_writes_through()
    {
        var inner = new MemoryStream();
        using var stream = new ReadAheadStream(inner);
        stream.Write(new byte[] { 1, 2, 3 });
        stream.Flush();
        Assert.Equal(new byte[] { 1, 2, 3 }, inner.ToArray());
    }
}
