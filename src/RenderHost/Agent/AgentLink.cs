using System.Threading.Channels;
using ArrHost.Protos.V1;
using ArrHost.RenderHost.Diagnostics;
using ArrHost.RenderHost.Hosting;
using ArrHost.RenderHost.Sessions;
using ArrHost.Rpc;
using Grpc.Core;

namespace ArrHost.RenderHost.Agent;

/// <summary>
/// Keeps the host registered with its control plane: dials out, registers, heartbeats, and carries
/// out lease and release orders. Reconnects with back-off when the control plane goes away.
/// </summary>
internal sealed class AgentLink(
    RenderHostOptions options,
    HostIdentity identity,
    SessionSlot slot,
    ILogger<AgentLink> logger,
    RenderHostMetrics? metrics = null) : BackgroundService
{
    private FrameTotals _lastTotals;
    private long _lastTotalsAt = System.Diagnostics.Stopwatch.GetTimestamp();

    private readonly Channel<AgentMessage> _outgoing = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
    private ulong _heartbeats;

    private bool _registered;

    /// <summary>True while the control plane has acknowledged the registration.</summary>
    public bool Registered
    {
        get => _registered;
        private set
        {
            if (_registered == value) return;
            _registered = value;
            RegisteredChanged?.Invoke(value);
        }
    }

    /// <summary>Raised when the registration is acknowledged or lost.</summary>
    public event Action<bool>? RegisteredChanged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ControlPlane.Length == 0) return;
        try
        {
            // Registration tells the control plane the endpoint, known only once Kestrel has bound its port.
            await identity.Known.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        slot.SessionFailed += (session, code, message) =>
            _outgoing.Writer.TryWrite(new AgentMessage { SessionFailed = new SessionFailed { SessionId = session, Code = code, Message = message } });

        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Registered = false;
                logger.LogWarning("Control plane link lost ({Message}); retrying in {Delay} ms", ex.Message, (int)delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        using var channel = RpcChannels.ForAddress(options.ControlPlane, o =>
        {
            if (options.CaCertificate.Length > 0) o.HttpHandler = RpcChannels.CreateHandler(RpcTls.LoadAuthority(options.CaCertificate));
        });
        var client = new HostAgent.HostAgentClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + options.AgentKey } };
        using var linkCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var call = client.Attach(new CallOptions(headers, null, linkCts.Token));

        var register = new RegisterHost
        {
            HostId = identity.HostId,
            Region = options.Region,
            Size = options.Size,
            RenderEndpoint = identity.RenderEndpoint,
            Capabilities = identity.Capabilities,
            CurrentSessionId = slot.Current?.SessionId ?? "",
        };
        await call.RequestStream.WriteAsync(new AgentMessage { Register = register }, linkCts.Token).ConfigureAwait(false);

        if (!await call.ResponseStream.MoveNext(linkCts.Token).ConfigureAwait(false) || call.ResponseStream.Current.Registered is not { } registered)
        {
            throw new InvalidOperationException("the control plane did not answer the registration");
        }

        Registered = true;
        logger.LogInformation("Registered with {ControlPlane} as {HostId} ({Size}, {Region})", options.ControlPlane, identity.HostId, options.Size, options.Region);

        var interval = TimeSpan.FromMilliseconds(Math.Max(50, registered.HeartbeatIntervalMs));
        var writer = PumpAsync(call.RequestStream, interval, linkCts.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(linkCts.Token).ConfigureAwait(false))
            {
                var message = call.ResponseStream.Current;
                switch (message.BodyCase)
                {
                    case ControlMessage.BodyOneofCase.Lease:
                        OnLease(message.Lease);
                        break;
                    case ControlMessage.BodyOneofCase.Release:
                        _ = OnReleaseAsync(message.Release);
                        break;
                }
            }
        }
        finally
        {
            Registered = false;
            await linkCts.CancelAsync().ConfigureAwait(false);
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        throw new InvalidOperationException("the control plane closed the agent stream");
    }

    private void OnLease(LeaseOrder order)
    {
        if (slot.TryAccept(order, out var reason))
        {
            logger.LogInformation("Leased to session {SessionId}", order.SessionId);
            _outgoing.Writer.TryWrite(new AgentMessage { LeaseAccepted = new LeaseAccepted { SessionId = order.SessionId } });
        }
        else
        {
            logger.LogWarning("Refused lease for session {SessionId}: {Reason}", order.SessionId, reason);
            _outgoing.Writer.TryWrite(new AgentMessage { LeaseRejected = new LeaseRejected { SessionId = order.SessionId, Message = reason } });
        }
    }

    private async Task OnReleaseAsync(ReleaseOrder order)
    {
        var reason = order.Reason switch
        {
            SessionEndReason.Stopped => GoodbyeReason.SessionStopped,
            SessionEndReason.Expired => GoodbyeReason.SessionExpired,
            _ => GoodbyeReason.SessionError,
        };
        var clean = await slot.ReleaseAsync(order.SessionId, reason, order.Message.Length > 0 ? order.Message : $"session {reason}", TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        logger.LogInformation("Released session {SessionId} ({Reason}, clean={Clean})", order.SessionId, order.Reason, clean);
        _outgoing.Writer.TryWrite(new AgentMessage { ReleaseCompleted = new ReleaseCompleted { SessionId = order.SessionId, Clean = clean } });
    }

    private async Task PumpAsync(IClientStreamWriter<AgentMessage> requests, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        var tick = timer.WaitForNextTickAsync(ct).AsTask();
        // One pending wait for outgoing messages at a time: a new one per heartbeat would pile up on an idle host.
        var ready = _outgoing.Reader.WaitToReadAsync(ct).AsTask();
        while (!ct.IsCancellationRequested)
        {
            var done = await Task.WhenAny(ready, tick).ConfigureAwait(false);
            if (done == tick)
            {
                await tick.ConfigureAwait(false);
                var lease = slot.Current;
                var totals = metrics?.Totals ?? default;
                var frames = totals.Since(_lastTotals, System.Diagnostics.Stopwatch.GetElapsedTime(_lastTotalsAt));
                _lastTotals = totals;
                _lastTotalsAt = System.Diagnostics.Stopwatch.GetTimestamp();
                await requests.WriteAsync(new AgentMessage
                {
                    Heartbeat = new HostHeartbeat
                    {
                        State = lease is null ? HostState.Idle : HostState.Leased,
                        SessionId = lease?.SessionId ?? "",
                        ClientConnected = slot.ClientConnected,
                        Sequence = ++_heartbeats,
                        DeviceMemoryUsedBytes = identity.DeviceMemoryUsed(),
                        Frames = frames,
                    },
                }, ct).ConfigureAwait(false);
                tick = timer.WaitForNextTickAsync(ct).AsTask();
            }

            if (ready.IsCompleted)
            {
                await ready.ConfigureAwait(false);
                while (_outgoing.Reader.TryRead(out var message))
                {
                    await requests.WriteAsync(message, ct).ConfigureAwait(false);
                }

                ready = _outgoing.Reader.WaitToReadAsync(ct).AsTask();
            }
        }
    }
}
