using System.Buffers;
using System.Collections.Concurrent;

namespace ArrHost.Rpc.Server.Internal;

/// <summary>
/// Kestrel's memory pool with 64 KiB blocks instead of 4 KiB. The socket transport receives into one block per
/// read, so with the default pool a 1 MiB message costs some 256 recv calls, pipe flushes and HTTP/2 parser
/// wake-ups on the server; with 64 KiB blocks it costs 16. Blocks are pinned (POH) arrays, reused through a
/// bounded free list; past the bound they are left to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>Free blocks kept for reuse (16 MiB); more are dropped.</summary>
    private const int MaxRetained = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Rented = 1;
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed) || Interlocked.Increment(ref _freeCount) > MaxRetained)
        {
            if (!Volatile.Read(ref _disposed))
            {
                Interlocked.Decrement(ref _freeCount);
            }
            return;
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, true);
        _free.Clear();
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        public int Rented = 1;

        public Block(LargeBlockMemoryPool pool) => _pool = pool;

        public Memory<byte> Memory => _array;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref Rented, 0) == 1)
            {
                _pool.Return(this);
            }
        }
    }
}
