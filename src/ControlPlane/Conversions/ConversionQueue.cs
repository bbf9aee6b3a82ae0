using System.Threading.Channels;

namespace ArrHost.ControlPlane.Conversions;

/// <summary>Conversions waiting to run, in the order they were created.</summary>
internal sealed class ConversionQueue
{
    private readonly Channel<(string AccountId, string Id)> _channel = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string accountId, string id) => _channel.Writer.TryWrite((accountId, id));

    public IAsyncEnumerable<(string AccountId, string Id)> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
