using System.Threading.Channels;
using ArrHost.ControlPlane.Hosts;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Tests.Infrastructure;

/// <summary>An in-process render-host agent: registers, accepts leases and confirms clean releases (unless told otherwise).</summary>
internal sealed class FakeHost(HostRegistry registry, string hostId, SessionSize size, string region) : IAsyncDisposable
{
    private readonly Channel<AgentMessage> _inbound = Channel.CreateUnbounded<AgentMessage>();
    private readonly CancellationTokenSource _cts = new();
    private readonly List<ControlMessage> _received = [];
    private Task? _run;
    private ulong _beats;

    public string HostId => hostId;
    public string Endpoint => $"http://127.0.0.1:{50100 + Math.Abs(hostId.GetHashCode() % 1000)}";
    public bool AutoAccept { get; set; } = true;
    public bool AutoRelease { get; set; } = true;
    public string? CurrentSessionId { get; set; }
    public Exception? Failure => _run?.Exception?.InnerException;

    public IReadOnlyList<ControlMessage> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    public bool Ended => _run?.IsCompleted == true;

    public async Task StartAsync()
    {
        _inbound.Writer.TryWrite(new AgentMessage
        {
            Register = new RegisterHost
            {
                HostId = hostId,
                Region = region,
                Size = size,
                RenderEndpoint = Endpoint,
                Capabilities = new HostCapabilities { DeviceName = "fake", DeviceType = "cpu", Codecs = { "raw" } },
                CurrentSessionId = CurrentSessionId ?? "",
            },
        });
        _run = Task.Run(() => registry.RunAsync(_inbound.Reader.ReadAllAsync(_cts.Token), SendAsync, _cts.Token));
        await TestControlPlane.WaitUntilAsync(() => Received.Any(m => m.Registered is not null) || Ended, $"host {hostId} to register");
        if (Ended) await _run;
    }

    public void Send(AgentMessage m) => _inbound.Writer.TryWrite(m);

    public void Heartbeat() => Send(new AgentMessage { Heartbeat = new HostHeartbeat { Sequence = ++_beats } });

    private Task SendAsync(ControlMessage m, CancellationToken ct)
    {
        lock (_received) _received.Add(m);
        if (m.Lease is { } lease)
        {
            CurrentSessionId = lease.SessionId;
            if (AutoAccept) Send(new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = lease.SessionId } });
        }
        if (m.Release is { } release)
        {
            CurrentSessionId = null;
            if (AutoRelease) Send(new AgentMessage { ReleaseCompleted = new ReleaseCompleted { SessionId = release.SessionId, Clean = true } });
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _inbound.Writer.TryComplete();
        _cts.Cancel();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (Exception)
            {
                // Ended by the test.
            }
        }
    }
}
