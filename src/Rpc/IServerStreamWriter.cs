namespace ArrHost.Rpc;

/// <summary>Writes response messages of a server-streaming or bidi call.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Writes and flushes one message. Only one write may be pending at a time.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
