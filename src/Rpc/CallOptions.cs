namespace ArrHost.Rpc;

/// <summary>Per-call options of a client call.</summary>
/// <param name="Headers">Request metadata.</param>
/// <param name="Deadline">Absolute deadline (UTC); sent as grpc-timeout and enforced locally too.</param>
/// <param name="CancellationToken">Cancels the call (the HTTP/2 stream is reset).</param>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default);
