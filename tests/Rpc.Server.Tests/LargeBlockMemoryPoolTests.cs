using ArrHost.Rpc.Server.Internal;

namespace ArrHost.Rpc.Server.Tests;

/// <summary>Kestrel's memory blocks of 64 KiB (AddRpc), so that a frame is read in few large segments.</summary>
public class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Rent_ReturnedBlock_Is64KiBAndReused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
        var first = pool.Rent(4096);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, first.Memory.Length);
        var second = pool.Rent();
        Assert.NotEqual(first, second);
        first.Dispose();
        first.Dispose(); // a second dispose must not put the block in the free list twice
        var again = pool.Rent();
        Assert.Same(first, again);
        Assert.NotSame(again, pool.Rent());
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }
}
