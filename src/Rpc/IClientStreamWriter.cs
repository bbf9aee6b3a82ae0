namespace ArrHost.Rpc;

/// <summary>Writes request messages of a client-streaming or bidi call.</summary>
public interface IClientStreamWriter<in T>
{
    /// <summary>Writes and flushes one message. Only one write may be pending at a time.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);

    /// <summary>Ends the request stream (half-close).</summary>
    Task CompleteAsync();
}
