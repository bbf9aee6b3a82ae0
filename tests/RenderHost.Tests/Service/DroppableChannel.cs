using System.Net.Sockets;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using Grpc.Net.Client;

namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A channel to a render host whose TCP connection a test can cut, like a client whose machine or network vanished.</summary>
internal sealed class DroppableChannel : IDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly SocketsHttpHandler _handler;
    private readonly GrpcChannel _channel;

    public DroppableChannel(string endpoint)
    {
        _handler = new SocketsHttpHandler { UseProxy = false, ConnectCallback = ConnectAsync };
        _channel = RpcChannels.ForAddress(endpoint, o => o.HttpHandler = _handler);
        Client = RenderHostFixture.CreateClient(_channel);
    }

    public Render.RenderClient Client { get; }

    /// <summary>Closes every connection with a TCP reset: no goodbye, no end of stream, no RST_STREAM.</summary>
    public void Drop()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                try
                {
                    // Linger 0: close sends a TCP reset instead of a graceful FIN.
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    continue;
                }

                socket.Close();
            }

            _sockets.Clear();
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _handler.Dispose();
        Drop();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_sockets) _sockets.Add(socket);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
