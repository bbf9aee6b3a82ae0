namespace ArrHost.Rpc.Internal.Client;

/// <summary>What the public call objects expose of a <see cref="GrpcCall{TRequest, TResponse}"/>.</summary>
internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
