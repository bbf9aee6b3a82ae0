using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace ArrHost.Rpc.Server.Internal;

/// <summary>Gives Kestrel (connections and their HTTP/2 pipes) <see cref="LargeBlockMemoryPool"/>s.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
