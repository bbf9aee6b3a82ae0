using System.Threading.Channels;
using ArrHost.ControlPlane.Domain;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Hosts;

/// <summary>One attached render host: its outgoing orders and which session it was told to serve.</summary>
internal sealed class HostConnection(string hostId, string renderEndpoint)
{
    public string HostId { get; } = hostId;

    public string RenderEndpoint { get; } = renderEndpoint;

    public Channel<ControlMessage> Outbox { get; } = Channel.CreateUnbounded<ControlMessage>(new UnboundedChannelOptions { SingleReader = true });

    public CancellationTokenSource Closed { get; } = new();

    /// <summary>The session a LeaseOrder was sent for and no ReleaseOrder yet; guarded by lock(this).</summary>
    public SessionKey? LeaseSentFor { get; set; }

    public void Send(ControlMessage message) => Outbox.Writer.TryWrite(message);

    public void Close()
    {
        Outbox.Writer.TryComplete();
        try
        {
            Closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
